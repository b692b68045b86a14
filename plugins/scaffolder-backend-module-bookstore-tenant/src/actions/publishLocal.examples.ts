import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to <bookstore.publish.local.directory>/notifications.git.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          name: 'Publish to the local git directory',
          action: 'bookstore:publish:local',
          input: {
            repoName: 'notifications',
            description: 'Sends order and shipping notifications',
            gitCommitMessage: 'Initial commit: notifications service',
          },
        },
      ],
    }),
  },
];
