import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { AnalyticsImplementationBlueprint } from '@backstage/plugin-app-react';
import TimelineIcon from '@material-ui/icons/Timeline';
import { AdoptionAnalytics } from './analytics/AdoptionAnalytics';
import { adoptionApiRef } from './api/AdoptionApi';
import { AdoptionClient } from './api/AdoptionClient';

/** The Adoption page (a page needs a route ref for its nav item). */
const rootRouteRef = createRouteRef();

const adoptionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: adoptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AdoptionClient({ discoveryApi, fetchApi }),
    }),
});

/** Every analytics event of the portal, to the adoption backend. */
const adoptionAnalytics = AnalyticsImplementationBlueprint.make({
  name: 'adoption',
  params: defineParams =>
    defineParams({
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        AdoptionAnalytics.start({ discoveryApi, fetchApi }),
    }),
});

const adoptionPage = PageBlueprint.make({
  params: {
    path: '/adoption',
    routeRef: rootRouteRef,
    title: 'Adoption',
    icon: <TimelineIcon />,
    loader: () =>
      import('./components/AdoptionPage').then(m => <m.AdoptionPage />),
  },
});

/**
 * Adoption: the portal's analytics events to the adoption backend, and the
 * Adoption page of its figures for admins.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'adoption',
  title: 'Adoption',
  routes: { root: rootRouteRef },
  extensions: [adoptionApi, adoptionAnalytics, adoptionPage],
});
