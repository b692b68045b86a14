import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Verify a new service with a new tenant after rendering it (fetch:template; bookstore:tenant and the Argo CD Application into gitops/, laid out like the GitOps repository) and before the GitOps change and publishing.',
    example: yaml.stringify({
      steps: [
        {
          id: 'verify',
          name: 'Verify the service',
          action: 'bookstore:service:verify',
          input: {
            name: 'notifications',
            owner: 'group:default/team-payments',
            system: 'system:default/bookstore-platform',
            tenantMode: 'new',
            tenantName: 'acme-books',
            region: 'us-east',
            needsDatabase: true,
            pagerdutyServiceId: 'P7NOTIF',
          },
        },
      ],
    }),
  },
  {
    description:
      'Verify a new service that deploys into an existing tenant of its owner.',
    example: yaml.stringify({
      steps: [
        {
          id: 'verify',
          name: 'Verify the service',
          action: 'bookstore:service:verify',
          input: {
            name: 'gift-cards',
            owner: 'group:default/team-payments',
            system: 'system:default/bookstore-platform',
            tenantMode: 'existing',
            existingTenant: 'resource:default/payments',
            region: 'eu-west',
          },
        },
      ],
    }),
  },
];
