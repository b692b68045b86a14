import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
- **What exists and who owns it** — the [catalog](/catalog): the services
  of the bookstore platform, their APIs, databases and teams.
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

const myServicesWidget = HomePageWidgetBlueprint.make({
  name: 'my-services',
  params: {
    name: 'MyServices',
    title: "My team's services",
    description:
      'Services your teams own, their Argo CD health and open incidents',
    components: () =>
      import('./MyServicesWidget').then(m => ({ Content: m.MyServicesWidget })),
  },
});

const onCallWidget = HomePageWidgetBlueprint.make({
  name: 'on-call',
  params: {
    name: 'OnCall',
    title: 'On call now',
    description: "Who is on call for your team's services (PagerDuty)",
    components: () =>
      import('./OnCallWidget').then(m => ({ Content: m.OnCallWidget })),
  },
});

const myTasksWidget = HomePageWidgetBlueprint.make({
  name: 'my-tasks',
  params: {
    name: 'MyTasks',
    title: 'My recent templates',
    description: 'Your latest Software Template runs',
    components: () =>
      import('./MyTasksWidget').then(m => ({ Content: m.MyTasksWidget })),
  },
});

const createServiceWidget = HomePageWidgetBlueprint.make({
  name: 'create-service',
  params: {
    name: 'CreateService',
    title: 'New service',
    description: "The golden path's call to action",
    components: () =>
      import('./CreateServiceWidget').then(m => ({
        Content: m.CreateServiceWidget,
      })),
  },
});

const homeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomeLayout').then(m => m.HomeLayout),
  },
});

/** Home: what a developer and on-call open first (see HomeLayout for the order). */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homeLayout,
    myServicesWidget,
    createServiceWidget,
    onCallWidget,
    myTasksWidget,
    gettingStartedWidget,
  ],
});
