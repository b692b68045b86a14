import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { PAGERDUTY_SERVICE_ID } from '@pagerduty/backstage-plugin-common';
import { pagerDutyApiRef } from './api/PagerDutyApi';
import { PagerDutyClient } from './api/PagerDutyClient';

const pagerDutyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pagerDutyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PagerDutyClient({ discoveryApi, fetchApi }),
    }),
});

const entityOnCallContent = EntityContentBlueprint.make({
  name: 'on-call',
  params: {
    path: '/on-call',
    title: 'On-call',
    filter: {
      [`metadata.annotations.${PAGERDUTY_SERVICE_ID}`]: { $exists: true },
    },
    loader: () =>
      import('./components/EntityOnCallContent').then(m => (
        <m.EntityOnCallContent />
      )),
  },
});

/**
 * The On-call tab for entities with a `pagerduty.com/service-id` annotation.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'pagerduty',
  title: 'PagerDuty',
  extensions: [pagerDutyApi, entityOnCallContent],
});
