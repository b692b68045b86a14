import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { TENANT_ANNOTATION } from '@internal/plugin-bookstore-tenant-common';

/**
 * Links a Component to the tenant it runs in: the
 * `platform.bookstore.io/tenant` annotation (a tenant name, or a resource ref)
 * becomes `dependsOn` from the Component and `dependencyOf` from the tenant.
 */
export class TenantDependencyProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'TenantDependencyProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const tenant = entity.metadata.annotations?.[TENANT_ANNOTATION]?.trim();
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component' || !tenant) {
      return entity;
    }
    let target: CompoundEntityRef | undefined;
    try {
      target = parseEntityRef(tenant, {
        defaultKind: 'resource',
        defaultNamespace: 'default',
      });
    } catch {
      target = undefined;
    }
    if (target?.kind.toLocaleLowerCase('en-US') !== 'resource') {
      emit(
        processingResult.inputError(
          location,
          `${TENANT_ANNOTATION} of ${entity.metadata.name} is not a tenant name: '${tenant}'`,
        ),
      );
      return entity;
    }
    const source = getCompoundEntityRef(entity);
    emit(
      processingResult.relation({
        source,
        type: RELATION_DEPENDS_ON,
        target,
      }),
    );
    emit(
      processingResult.relation({
        source: target,
        type: RELATION_DEPENDENCY_OF,
        target: source,
      }),
    );
    return entity;
  }
}
