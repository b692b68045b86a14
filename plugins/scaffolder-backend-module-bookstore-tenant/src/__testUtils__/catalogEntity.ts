import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

/** The entity policies the catalog applies to what it ingests. */
const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * Checks a Component as the catalog would ingest it: the entity policies, then the
 * Component kind's validator. Throws the catalog's own error when it is not valid.
 */
export async function validateComponent(entity: Entity): Promise<void> {
  const enforced = await entityPolicy.enforce(entity);
  if (!enforced) {
    throw new Error('the entity policies rejected the entity');
  }
  if (!(await componentEntityV1alpha1Validator.check(enforced))) {
    throw new Error(`not a Component: kind ${entity.kind}`);
  }
}
