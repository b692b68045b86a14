import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { scorecardsApiRef } from './api/ScorecardsApi';
import { ScorecardsClient } from './api/ScorecardsClient';

/** The Scorecards page (a page needs a route ref for its nav item). */
const rootRouteRef = createRouteRef();

const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScorecardsClient({ discoveryApi, fetchApi }),
    }),
});

const entityScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntityScorecardCard').then(m => (
        <m.EntityScorecardCard />
      )),
  },
});

const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    title: 'Scorecards',
    icon: <AssessmentIcon />,
    loader: () =>
      import('./components/ScorecardsPage').then(m => <m.ScorecardsPage />),
  },
});

/**
 * Scorecards from the Tech Insights backend's checks: a card on every
 * Component's Overview and the Scorecards page of every service and check.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'scorecards',
  title: 'Scorecards',
  routes: { root: rootRouteRef },
  extensions: [scorecardsApi, entityScorecardCard, scorecardsPage],
});
