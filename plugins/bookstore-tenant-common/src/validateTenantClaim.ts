import Ajv, { ErrorObject } from 'ajv';
import {
  DEFAULT_TEAM_LABEL,
  DNS_1123_LABEL,
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_KIND,
} from './constants';
import { tenantOpenApiSchema } from './tenantSchema';

/** One problem with a claim, naming the field it is in. */
export interface TenantClaimProblem {
  /** The field, as a dotted path: `spec.parameters.tier`, `metadata.name`. */
  field: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
// Kubernetes' structural schemas express uniqueness as a list type, not `uniqueItems`.
ajv.addKeyword({
  keyword: 'x-kubernetes-list-type',
  type: 'array',
  schemaType: 'string',
  validate: (listType: string, data: unknown[]) =>
    listType !== 'set' ||
    new Set(data.map(v => JSON.stringify(v))).size === data.length,
  errors: false,
});

/**
 * The XRD's schema with the claim's parameters closed, as the API server treats them with
 * `fieldValidation=Strict`: a structural schema may not say `additionalProperties: false`
 * beside `properties` (Kubernetes prunes unknown fields, or refuses them when strict), so
 * the contract leaves it out and it is added here.
 */
const { spec } = tenantOpenApiSchema.properties;
const strictSchema = {
  ...tenantOpenApiSchema,
  properties: {
    ...tenantOpenApiSchema.properties,
    spec: {
      ...spec,
      properties: {
        ...spec.properties,
        parameters: {
          ...spec.properties.parameters,
          additionalProperties: false,
        },
      },
    },
  },
};
const validateAgainstXrd = ajv.compile(strictSchema);

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map(part => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const params = error.params as {
    missingProperty?: string;
    additionalProperty?: string;
  };
  const missing = params.missingProperty ?? params.additionalProperty;
  return [path, missing].filter(Boolean).join('.') || '(claim)';
}

function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(
        error.params as { allowedValues: unknown[] }
      ).allowedValues.join(', ')}`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field of a BookstoreTenant';
    case 'x-kubernetes-list-type':
      return 'must not repeat a value';
    default:
      return error.message ?? 'is invalid';
  }
}

function nameProblems(field: string, value: unknown): TenantClaimProblem[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: 'is required' }];
  }
  if (value.length > 63) {
    return [
      { field, message: `must be at most 63 characters, not ${value.length}` },
    ];
  }
  if (!DNS_1123_LABEL.test(value)) {
    return [
      {
        field,
        message:
          'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
      },
    ];
  }
  return [];
}

/**
 * Checks a BookstoreTenant claim against the XRD's schema and the claim's own
 * rules (Kubernetes names, the team label matching the owner).
 * Returns every problem found; an empty list means the claim is valid.
 */
export function validateTenantClaim(
  claim: unknown,
  teamLabel: string = DEFAULT_TEAM_LABEL,
): TenantClaimProblem[] {
  if (typeof claim !== 'object' || claim === null) {
    return [{ field: '(claim)', message: 'must be an object' }];
  }
  const c = claim as Record<string, any>;
  const problems: TenantClaimProblem[] = [];
  const apiVersion = `${TENANT_API_GROUP}/${TENANT_API_VERSION}`;
  if (c.apiVersion !== apiVersion) {
    problems.push({ field: 'apiVersion', message: `must be ${apiVersion}` });
  }
  if (c.kind !== TENANT_CLAIM_KIND) {
    problems.push({ field: 'kind', message: `must be ${TENANT_CLAIM_KIND}` });
  }
  problems.push(...nameProblems('metadata.name', c.metadata?.name));
  problems.push(...nameProblems('metadata.namespace', c.metadata?.namespace));
  if (!validateAgainstXrd({ spec: c.spec })) {
    problems.push(
      ...(validateAgainstXrd.errors ?? []).map(error => ({
        field: fieldOf(error),
        message: messageOf(error),
      })),
    );
  }
  const owner = c.spec?.parameters?.owner;
  const label = c.metadata?.labels?.[teamLabel];
  if (typeof owner === 'string' && label !== owner) {
    problems.push({
      field: `metadata.labels["${teamLabel}"]`,
      message: `must equal spec.parameters.owner (${owner})`,
    });
  }
  return problems;
}
