import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Commit the new tenant payments' claim and the Application of the service orders in eu-west to the local GitOps repository, merged into its base branch when bookstore.gitops.autoMerge is true.",
    example: yaml.stringify({
      steps: [
        {
          id: 'gitops',
          name: 'Change the GitOps repository',
          action: 'bookstore:gitops:local',
          input: {
            service: 'orders',
            owner: 'team-payments',
            tenant: 'payments',
            region: 'eu-west',
            newTenant: true,
            claimPath: 'gitops/tenant.yaml',
            applicationPath: 'gitops/application.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Add the Application of the service invoices to the existing tenant payments (its claim is in the GitOps repository already).',
    example: yaml.stringify({
      steps: [
        {
          id: 'gitops',
          name: 'Change the GitOps repository',
          action: 'bookstore:gitops:local',
          input: {
            service: 'invoices',
            owner: 'group:default/team-payments',
            tenant: 'payments',
            region: 'us-east',
            newTenant: false,
            applicationPath: 'gitops/application.yaml',
          },
        },
      ],
    }),
  },
];
