import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** Loads entities by ref, `undefined` for refs the catalog does not hold, in order. */
export type EntitiesByRefs = (
  entityRefs: string[],
) => Promise<Array<Entity | undefined>>;

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
 * Implements the auth backend's `AuthOwnershipResolver`; one catalog round trip per
 * level of the hierarchy.
 *
 * @public
 */
export class TransitiveOwnershipResolver {
  private readonly getEntitiesByRefs: EntitiesByRefs;

  constructor(options: { getEntitiesByRefs: EntitiesByRefs }) {
    this.getEntitiesByRefs = options.getEntitiesByRefs;
  }

  async resolveOwnershipEntityRefs(
    entity: Entity,
  ): Promise<{ ownershipEntityRefs: string[] }> {
    const groups = new Set(groupTargets(entity, RELATION_MEMBER_OF));
    let frontier = [...groups];
    // Each group is looked up once, so a cycle in the hierarchy ends the walk.
    while (frontier.length > 0) {
      const loaded = await this.getEntitiesByRefs(frontier);
      frontier = [];
      for (const group of loaded) {
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
    return {
      ownershipEntityRefs: [stringifyEntityRef(entity), ...groups],
    };
  }
}
