import { CatalogClient } from '@backstage/catalog-client';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { scorecardsApiRef } from '../api/ScorecardsApi';
import { ScorecardsClient } from '../api/ScorecardsClient';

/**
 * Renders `element` in a test app whose scorecards and catalog APIs are the
 * real clients, talking HTTP to `http://localhost:7007` (msw answers).
 */
export function renderWithBackend(
  element: JSX.Element,
  options: { initialRouteEntries?: string[] } = {},
) {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const fetchApi = mockApis.fetch();
  return renderInTestApp(element, {
    ...options,
    apis: [
      [scorecardsApiRef, new ScorecardsClient({ discoveryApi, fetchApi })],
      [catalogApiRef, new CatalogClient({ discoveryApi, fetchApi })],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}
