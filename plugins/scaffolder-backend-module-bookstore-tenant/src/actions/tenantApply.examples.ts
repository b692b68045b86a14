import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Server-side apply the claim to the clusters of its regions (bookstore.tenants.regions.<region>.cluster).',
    example: yaml.stringify({
      steps: [
        {
          id: 'tenant',
          name: 'BookstoreTenant claim',
          action: 'bookstore:tenant:apply',
          input: {
            name: 'acme-books',
            owner: 'team-payments',
            tier: 'premium',
            regions: ['us-east', 'eu-west'],
          },
        },
      ],
    }),
  },
];
