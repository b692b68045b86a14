import {
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_KIND,
  TENANT_CLAIM_PLURAL,
  TENANT_COMPOSITE_KIND,
  TENANT_COMPOSITE_PLURAL,
  tenantOpenApiSchema,
} from '@internal/plugin-bookstore-tenant-common';

type Schema = Record<string, unknown>;

/** A reference to another object, as Crossplane writes them. */
const objectRef = (...fields: string[]): Schema => ({
  type: 'object',
  properties: Object.fromEntries(
    fields.map(field => [field, { type: 'string' }]),
  ),
});

/** `status.conditions` as Crossplane writes them on claims and composites. */
const conditions: Schema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['type', 'status'],
    properties: Object.fromEntries(
      ['type', 'status', 'reason', 'message', 'lastTransitionTime'].map(
        field => [field, { type: 'string' }],
      ),
    ),
  },
};

/** The contract's schema with the fields Crossplane adds to `spec` and `status`. */
function withCrossplaneFields(spec: Schema, status: Schema): Schema {
  const contract = tenantOpenApiSchema as unknown as {
    properties: { spec: Schema; status: Schema };
  };
  const { properties } = contract;
  const merge = (base: Schema, extra: Schema) => ({
    ...base,
    properties: { ...(base.properties as Schema), ...extra },
  });
  return {
    ...contract,
    properties: {
      ...properties,
      spec: merge(properties.spec, spec),
      status: merge(properties.status, status),
    },
  };
}

function crd(options: {
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  schema: Schema;
}) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${options.plural}.${TENANT_API_GROUP}` },
    spec: {
      group: TENANT_API_GROUP,
      scope: options.scope,
      names: {
        kind: options.kind,
        plural: options.plural,
        singular: options.kind.toLowerCase(),
        listKind: `${options.kind}List`,
      },
      versions: [
        {
          name: TENANT_API_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: options.schema },
        },
      ],
    },
  };
}

/**
 * The CustomResourceDefinitions Crossplane generates from the BookstoreTenant
 * XRD, derived from the shared contract (`tenantOpenApiSchema` and the API
 * names): the namespaced claim and the cluster-scoped composite, each with the
 * status subresource and the references Crossplane adds (the claim's
 * `spec.resourceRef`, the composite's `spec.claimRef` and `spec.resourceRefs`)
 * and `status.conditions`. A real API server given these validates claims as
 * the clusters do. The composite is cluster-scoped as in Crossplane v1, or
 * namespaced as Crossplane v2's XRs, which keep Crossplane's fields under
 * `spec.crossplane` (`compositionRef`, `resourceRefs`) and have no claim.
 */
export function tenantCustomResourceDefinitions(
  options: { compositeScope?: 'Cluster' | 'Namespaced' } = {},
) {
  const status = { conditions };
  const namespaced = options.compositeScope === 'Namespaced';
  const compositionRef = objectRef('name');
  const resourceRefs = {
    type: 'array',
    items: objectRef('apiVersion', 'kind', 'name', 'namespace'),
  };
  return {
    claim: crd({
      kind: TENANT_CLAIM_KIND,
      plural: TENANT_CLAIM_PLURAL,
      scope: 'Namespaced',
      schema: withCrossplaneFields(
        {
          compositionRef,
          resourceRef: objectRef('apiVersion', 'kind', 'name'),
        },
        status,
      ),
    }),
    composite: crd({
      kind: TENANT_COMPOSITE_KIND,
      plural: TENANT_COMPOSITE_PLURAL,
      scope: namespaced ? 'Namespaced' : 'Cluster',
      schema: withCrossplaneFields(
        namespaced
          ? {
              crossplane: {
                type: 'object',
                properties: { compositionRef, resourceRefs },
              },
            }
          : {
              compositionRef,
              claimRef: objectRef('apiVersion', 'kind', 'name', 'namespace'),
              resourceRefs,
            },
        status,
      ),
    }),
  };
}
