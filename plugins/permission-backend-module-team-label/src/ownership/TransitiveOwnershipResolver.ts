import type { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { AuthOwnershipResolver } from '@backstage/plugin-auth-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The only part of a Group the walk reads: its `childOf` relations (`spec.parent`). */
const GROUP_FIELDS = ['relations'];

function groupTargets(entity: Entity, relationType: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === relationType && r.targetRef.startsWith('group:'))
    .map(r => r.targetRef);
}

/**
 * The ownership refs a signed-in user's token carries: the user, the Groups they are a
 * member of (`memberOf`), and every ancestor of those Groups (`spec.parent`, seen as
 * `childOf` relations), so that membership of team-payments also counts as membership
 * of engineering and bookstore.
 *
 * Reads the Groups from the catalog (`catalogServiceRef`) with the auth plugin's own
 * service credentials, one `getEntitiesByRefs` call per level of the hierarchy.
 *
 * @public
 */
export class TransitiveOwnershipResolver implements AuthOwnershipResolver {
  private readonly catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
  private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>;

  constructor(options: {
    catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
  }

  async resolveOwnershipEntityRefs(
    entity: Entity,
  ): Promise<{ ownershipEntityRefs: string[] }> {
    const userRef = stringifyEntityRef(entity);
    const groups = new Set(groupTargets(entity, RELATION_MEMBER_OF));
    if (groups.size === 0) {
      return { ownershipEntityRefs: [userRef] };
    }
    const credentials = await this.auth.getOwnServiceCredentials();
    let frontier = [...groups];
    // Each group is looked up once, so a cycle in the hierarchy ends the walk.
    while (frontier.length > 0) {
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: frontier, fields: GROUP_FIELDS },
        { credentials },
      );
      frontier = [];
      for (const group of items) {
        for (const parent of group
          ? groupTargets(group, RELATION_CHILD_OF)
          : []) {
          if (!groups.has(parent)) {
            groups.add(parent);
            frontier.push(parent);
          }
        }
      }
    }
    return { ownershipEntityRefs: [userRef, ...groups] };
  }
}
