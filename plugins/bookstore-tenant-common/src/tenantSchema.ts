/**
 * The openAPIV3Schema of the BookstoreTenant XRD (examples/crossplane/xrd.yaml),
 * the single truth for what a claim may hold. A test keeps the two identical.
 */
export const tenantOpenApiSchema = {
  type: 'object',
  description:
    "A bookstore tenant \u2014 a team's namespaces, RBAC, quota and network policy in each of its regions.",
  properties: {
    spec: {
      type: 'object',
      required: ['parameters'],
      properties: {
        parameters: {
          type: 'object',
          required: ['owner', 'tier', 'regions'],
          properties: {
            owner: {
              type: 'string',
              description:
                'The owning team \u2014 a Group name in the Backstage catalog (e.g. team-payments).',
              minLength: 1,
              maxLength: 63,
              pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
            },
            displayName: {
              type: 'string',
              description: 'A human-readable name for the tenant.',
              minLength: 1,
              maxLength: 128,
            },
            tier: {
              type: 'string',
              description:
                'The quota preset (see the Composition for what each tier grants).',
              enum: ['starter', 'standard', 'premium'],
            },
            regions: {
              type: 'array',
              description:
                'The regions the tenant runs in; one namespace per region.',
              minItems: 1,
              maxItems: 3,
              'x-kubernetes-list-type': 'set',
              items: {
                type: 'string',
                enum: ['us-east', 'eu-west', 'ap-southeast'],
              },
            },
          },
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        namespaces: {
          type: 'array',
          description:
            'The namespaces composed for the tenant, one per region.',
          items: {
            type: 'object',
            properties: {
              region: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
            },
          },
        },
      },
    },
  },
} as const;
