import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render a new tenant claim into the GitOps change, where new-bookstore-service has it (bookstore:publish:plan gives the path from bookstore.gitops).',
    example: yaml.stringify({
      steps: [
        {
          id: 'tenant',
          name: 'BookstoreTenant claim',
          action: 'bookstore:tenant',
          input: {
            name: 'acme-books',
            owner: 'group:default/team-payments',
            displayName: 'Acme Books',
            tier: 'standard',
            regions: ['us-east', 'eu-west'],
            path: 'gitops/tenants/acme-books.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Leave the tier to the platform default (bookstore.tenants.defaultTier).',
    example: yaml.stringify({
      steps: [
        {
          id: 'tenant',
          name: 'BookstoreTenant claim',
          action: 'bookstore:tenant',
          input: {
            name: 'paperbacks',
            owner: 'team-search',
            regions: ['us-east'],
          },
        },
      ],
    }),
  },
];
