import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register what bookstore:publish:local published, as catalog:register does for GitHub.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-local',
          name: 'Register in the catalog',
          action: 'bookstore:catalog:register-local',
          input: {
            catalogInfoPath:
              '/tmp/bookstore-portal-git/notifications/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
