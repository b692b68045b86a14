import { EntityProvider } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  component,
  TECH_INSIGHTS_URL,
  techInsightsHandlers,
} from '../__testUtils__/fixtures';
import { renderWithBackend } from '../__testUtils__/render';
import { EntityScorecardCard } from './EntityScorecardCard';

jest.setTimeout(30_000);

const server = setupServer(...techInsightsHandlers);
registerMswTestHooks(server);

function renderCard(name: string) {
  return renderWithBackend(
    <EntityProvider entity={component(name, 'team-payments')}>
      <EntityScorecardCard />
    </EntityProvider>,
  );
}

const outcomes = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .filter(item => item.parentElement === list)
    .map(item => {
      const name = item.getAttribute('aria-label');
      const outcome = ['passed', 'failed', 'no facts yet'].find(
        word => within(item).queryByText(word) !== null,
      );
      return `${name}: ${outcome}`;
    });

/** The links of a check's item: "title: href". */
const howToFix = (checkName: string) =>
  within(screen.getByRole('listitem', { name: checkName }))
    .queryAllByRole('link')
    .map(link => `${link.textContent}: ${link.getAttribute('href')}`);

describe('EntityScorecardCard', () => {
  it("shows the service's checks by category, with the score, why each failed and how to fix it", async () => {
    await renderCard('payments-gateway');

    expect(
      await screen.findByText('10 of 13 checks passed (77 %)'),
    ).toBeInTheDocument();
    expect(outcomes(screen.getByRole('list', { name: 'Reliability' }))).toEqual(
      ['PagerDuty service: passed', 'Runbook: passed', 'Health check: passed'],
    );
    expect(outcomes(screen.getByRole('list', { name: 'Operations' }))).toEqual([
      'Argo CD synced and healthy: passed',
      'Deployed within 90 days: failed',
      'Runs in a BookstoreTenant: failed',
      'Made by the golden path: failed',
    ]);
    expect(
      screen.getAllByRole('list').map(list => list.getAttribute('aria-label')),
    ).toEqual(
      expect.arrayContaining(['Documentation', 'Ownership', 'Observability']),
    );
    expect(
      outcomes(screen.getByRole('list', { name: 'Observability' })),
    ).toEqual([
      'Grafana dashboard: passed',
      'Prometheus alerting rules: passed',
    ]);

    expect(
      screen.getByRole('list', {
        name: 'Why Runs in a BookstoreTenant failed',
      }),
    ).toHaveTextContent(
      "The tenant of annotation platform.bookstore.io/tenant is a Resource of spec.type bookstore-tenant in the catalog (from the clusters' BookstoreTenant claims): no (needs yes)",
    );
    expect(howToFix('Runs in a BookstoreTenant')).toEqual([
      'Run it in a tenant: /docs/default/component/bookstore-portal/scorecards/#runs-in-a-bookstoretenant',
    ]);
    expect(howToFix('Made by the golden path')).toEqual([
      'The new-bookstore-service template: /create/templates/default/new-bookstore-service',
    ]);
    // A passed check says what it checks, not how to fix it.
    expect(howToFix('Runbook')).toEqual([]);
  });

  it('marks the checks without facts yet and leaves them out of the score', async () => {
    await renderCard('recommendations');

    expect(
      await screen.findByText('6 of 9 checks passed (67 %)'),
    ).toBeInTheDocument();
    expect(outcomes(screen.getByRole('list', { name: 'Reliability' }))).toEqual(
      [
        'PagerDuty service: failed',
        'Runbook: passed',
        'Health check: no facts yet',
      ],
    );
    expect(
      outcomes(screen.getByRole('list', { name: 'Observability' })),
    ).toEqual([
      'Grafana dashboard: failed',
      'Prometheus alerting rules: no facts yet',
    ]);
    expect(howToFix('Grafana dashboard')).toEqual([
      "Link the service's Grafana dashboard: /docs/default/component/bookstore-portal/scorecards/#grafana-dashboard",
    ]);
  });

  it("shows the backend's error", async () => {
    server.use(
      http.post(`${TECH_INSIGHTS_URL}/checks/run/:namespace/:kind/:name`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            request: {
              method: 'POST',
              url: '/checks/run/default/component/orders',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderCard('orders');

    expect(
      await screen.findByText('Error: Request failed with 403 Forbidden'),
    ).toBeInTheDocument();
    expect(screen.getByText('403: NotAllowedError')).toBeInTheDocument();
  });
});
