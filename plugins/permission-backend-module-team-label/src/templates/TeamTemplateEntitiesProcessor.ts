import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  TemplateEntityV1beta3,
  templateEntityV1beta3Validator,
} from '@backstage/plugin-scaffolder-common';

/**
 * The Template kind for the catalog, as the scaffolder's entity model
 * (`@backstage/plugin-catalog-backend-module-scaffolder-entity-model`) has it: the same
 * validation (the scaffolder's own `templateEntityV1beta3Validator`) and the `ownedBy`
 * relation to `spec.owner`, but the owner's reverse relation (`ownerOf` on the Group) only
 * for Templates without a team label. A labelled Template is hidden from non-members, and
 * the Group's `relations` (and facets and filters built from them) would name it to anyone.
 */
export class TeamTemplateEntitiesProcessor implements CatalogProcessor {
  private readonly labelKey: string;

  constructor(options: { labelKey: string }) {
    this.labelKey = options.labelKey;
  }

  getProcessorName(): string {
    return 'TeamTemplateEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    return templateEntityV1beta3Validator.check(entity);
  }

  async postProcessEntity(
    entity: Entity,
    _location: unknown,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (
      entity.apiVersion !== 'scaffolder.backstage.io/v1beta3' ||
      entity.kind !== 'Template'
    ) {
      return entity;
    }
    const owner = (entity as TemplateEntityV1beta3).spec.owner;
    if (!owner) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    const { kind, namespace, name } = parseEntityRef(owner, {
      defaultKind: 'Group',
      defaultNamespace: self.namespace,
    });
    const ownerRef = { kind, namespace, name };
    emit(
      processingResult.relation({
        source: self,
        type: RELATION_OWNED_BY,
        target: ownerRef,
      }),
    );
    if (entity.metadata.labels?.[this.labelKey] === undefined) {
      emit(
        processingResult.relation({
          source: ownerRef,
          type: RELATION_OWNER_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}
