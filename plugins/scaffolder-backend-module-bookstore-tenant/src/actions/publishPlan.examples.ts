import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish to wherever this portal is configured to, with one step per target switched on the plan.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          name: 'Where to publish',
          action: 'bookstore:publish:plan',
          input: { repoName: '${{ parameters.name }}' },
        },
        {
          id: 'publish-github',
          if: "${{ steps.plan.output.target === 'github' }}",
          action: 'publish:github',
          input: { repoUrl: '${{ steps.plan.output.githubRepoUrl }}' },
        },
        {
          id: 'publish-local',
          if: "${{ steps.plan.output.target === 'local' }}",
          action: 'bookstore:publish:local',
          input: { repoName: '${{ steps.plan.output.repoName }}' },
        },
      ],
    }),
  },
];
