import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to the Bookstore Portal

One place for the bookstore platform: what exists, who owns it, and how to
run it.

- **What exists and who owns it** — the [catalog](/catalog): the nine
  services of the bookstore platform, their APIs, databases and teams.
- **A new service in minutes** — [Create](/create) runs the golden path:
  repository, tenant, Argo CD application and catalog entry in one form.
- **On call?** — open the service: its CI/CD, Kubernetes, On-call and Docs
  tabs hold Argo CD sync, pods, who is on call, open incidents and the
  runbook.
- **APIs** — every OpenAPI and AsyncAPI document in [APIs](/api-docs).
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'Where to find things in the Bookstore Portal',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
