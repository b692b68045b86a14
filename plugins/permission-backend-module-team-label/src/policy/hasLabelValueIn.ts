import type { Entity } from '@backstage/catalog-model';
import {
  createCatalogPermissionRule,
  permissionRules,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import type { EntitiesSearchFilter } from '@backstage/plugin-catalog-node';
import {
  PermissionRule,
  createConditionFactory,
} from '@backstage/plugin-permission-node';

/** Parameters of {@link hasLabelValueIn}. */
export type HasLabelValueInParams = {
  /** The label key. */
  label: string;
  /** The values, any of which matches. */
  values: string[];
};

type ParamsSchema = NonNullable<
  PermissionRule<
    Entity,
    EntitiesSearchFilter,
    typeof RESOURCE_TYPE_CATALOG_ENTITY,
    HasLabelValueInParams
  >['paramsSchema']
>;

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(v => typeof v === 'string');

const JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    label: { type: 'string', description: 'Name of the label to match on' },
    values: {
      type: 'array',
      items: { type: 'string' },
      description: 'Values of the label, any of which matches',
    },
  },
  required: ['label', 'values'],
  additionalProperties: false,
};

/**
 * The parameters' schema, as a Standard Schema with its JSON Schema (what the permission
 * framework validates conditions with and publishes in the catalog's permission metadata).
 * Written out rather than built with a schema library, which this package does not depend on.
 */
const paramsSchema: ParamsSchema = {
  '~standard': {
    version: 1,
    vendor: 'bookstore-portal',
    validate(value: unknown) {
      const params = value as Partial<HasLabelValueInParams> | null;
      if (
        typeof params !== 'object' ||
        params === null ||
        typeof params.label !== 'string' ||
        !isStringArray(params.values)
      ) {
        return {
          issues: [{ message: 'expected { label: string, values: string[] }' }],
        };
      }
      return { value: { label: params.label, values: params.values } };
    },
    jsonSchema: {
      input: () => JSON_SCHEMA,
      output: () => JSON_SCHEMA,
    },
  },
};

/**
 * `HAS_LABEL_VALUE_IN`: the entity's label `label` has one of `values`. The same as an
 * `anyOf` of the catalog's `HAS_LABEL` with a value, one per value (it applies `HAS_LABEL`
 * in memory), but the catalog turns it into **one** search-table condition,
 * `key = 'metadata.labels.<label>' AND value IN (…)`, instead of one `EXISTS` per value.
 *
 * Registered in the catalog by `catalogModuleTeamLabelRules`.
 *
 * @public
 */
export const hasLabelValueIn = createCatalogPermissionRule({
  name: 'HAS_LABEL_VALUE_IN',
  description: 'Allow entities whose label has one of the specified values',
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  paramsSchema,
  apply: (entity, { label, values }) =>
    values.some(value =>
      permissionRules.hasLabel.apply(entity, { label, value }),
    ),
  toQuery: ({ label, values }) => ({
    key: `metadata.labels.${label}`,
    values,
  }),
});

/** Builds `HAS_LABEL_VALUE_IN` conditions for the policy. */
export const hasLabelValueInCondition = createConditionFactory(hasLabelValueIn);
