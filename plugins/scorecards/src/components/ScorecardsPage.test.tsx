import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CATALOG_URL,
  component,
  components,
  techInsightsHandlers,
} from '../__testUtils__/fixtures';
import { renderWithBackend } from '../__testUtils__/render';
import { ScorecardsPage } from './ScorecardsPage';

jest.setTimeout(30_000);

const catalogQueries: URLSearchParams[] = [];
const server = setupServer(
  ...techInsightsHandlers,
  // The catalog's /entities: the fixtures' Components and one the checks cannot run for.
  http.get(`${CATALOG_URL}/entities`, ({ request }) => {
    catalogQueries.push(new URL(request.url).searchParams);
    return HttpResponse.json([
      ...components,
      component('search', 'team-search'),
    ]);
  }),
);
registerMswTestHooks(server);

/** The text of each body row of a table, cells joined with " | ". */
function rowsOf(name: string): string[] {
  return within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('cell'))
    .filter(cells => cells.length > 0)
    .map(cells => cells.map(cell => cell.textContent?.trim()).join(' | '));
}

const P = 'passed';
const F = 'failed';
const N = 'no facts yet';
const row = (...cells: string[]) => cells.join(' | ');

describe('ScorecardsPage', () => {
  it('shows every service × every check and each team’s score', async () => {
    await renderWithBackend(<ScorecardsPage />);

    await screen.findByRole('table', { name: 'Services' });
    expect(
      within(screen.getByRole('table', { name: 'Services' }))
        .getAllByRole('columnheader')
        .map(header => header.textContent),
    ).toEqual([
      'Service',
      'Owner',
      'Passed',
      'PagerDuty service',
      'Runbook',
      'Health check',
      'TechDocs',
      'API documented',
      'Owner team exists',
      'Owner team has on-call',
      'Argo CD synced and healthy',
      'Deployed within 90 days',
      'Runs in a BookstoreTenant',
      'Made by the golden path',
      'Grafana dashboard',
      'Prometheus alerting rules',
    ]);
    expect(rowsOf('Services')).toEqual([
      row('orders', 'team-orders', '13/13', ...Array<string>(13).fill(P)),
      row(
        'payments-gateway',
        'team-payments',
        '10/13',
        P,
        P,
        P,
        P,
        P,
        P,
        P,
        P,
        F,
        F,
        F,
        P,
        P,
      ),
      row(
        'recommendations',
        'team-recommendations',
        '6/9',
        F,
        P,
        N,
        P,
        P,
        P,
        F,
        N,
        N,
        P,
        P,
        F,
        N,
      ),
      row(
        'search',
        'team-search',
        '0/0',
        'Error: Failed to run rules engine, Not all facts are defined: hasRunbook',
      ),
      row(
        'shipping',
        'team-orders',
        '11/13',
        P,
        F,
        P,
        P,
        P,
        P,
        P,
        F,
        P,
        P,
        P,
        P,
        P,
      ),
    ]);
    expect(rowsOf('Team scores')).toEqual([
      'team-orders | 2 | 24 of 26 checks passed (92 %)',
      'team-payments | 1 | 10 of 13 checks passed (77 %)',
      'team-recommendations | 1 | 6 of 9 checks passed (67 %)',
      'team-search | 1 | No check scored yet',
    ]);
    expect(screen.getByRole('link', { name: 'shipping' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shipping',
    );

    // Components only, and only the fields the page shows.
    expect(
      catalogQueries.map(q => [q.getAll('filter'), q.getAll('fields')]),
    ).toEqual([
      [
        ['kind=component'],
        ['kind,metadata.namespace,metadata.name,metadata.title,spec.owner'],
      ],
    ]);
  });

  it('filters by team and by the check or category failing', async () => {
    await renderWithBackend(<ScorecardsPage />);
    await screen.findByRole('table', { name: 'Services' });
    const names = () => rowsOf('Services').map(r => r.split(' | ')[0]);
    const choose = (filter: string, option: string) =>
      userEvent.selectOptions(
        screen.getByRole('combobox', { name: filter }),
        option,
      );

    // "Services missing a runbook"
    await choose('Failing', 'Runbook');
    expect(names()).toEqual(['shipping']);
    expect(screen.getByText('1 of 5 services')).toBeInTheDocument();

    // "Services with no tenant"
    await choose('Failing', 'Runs in a BookstoreTenant');
    expect(names()).toEqual(['payments-gateway']);

    await choose('Failing', 'a Reliability check');
    expect(names()).toEqual(['recommendations', 'shipping']);

    await choose('Failing', 'an Observability check');
    expect(names()).toEqual(['recommendations']);

    await choose('Failing', 'a Reliability check');

    await choose('Team', 'team-orders');
    expect(names()).toEqual(['shipping']);

    await choose('Failing', 'Any check or none');
    expect(names()).toEqual(['orders', 'shipping']);
  });

  it('opens on the view its address names', async () => {
    await renderWithBackend(<ScorecardsPage />, {
      initialRouteEntries: ['/?failing=check:argocdSyncedHealthy'],
    });

    // "Argo CD apps out of sync"
    await screen.findByRole('table', { name: 'Services' });
    expect(rowsOf('Services').map(r => r.split(' | ')[0])).toEqual([
      'shipping',
    ]);
    expect(screen.getByRole('combobox', { name: 'Failing' })).toHaveValue(
      'check:argocdSyncedHealthy',
    );
  });

  it('runs no checks when the catalog has no Component', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
    });
    server.use(
      http.get(`${CATALOG_URL}/entities`, () => HttpResponse.json([])),
    );
    await renderWithBackend(<ScorecardsPage />);

    expect(await screen.findByText('0 of 0 services')).toBeInTheDocument();
    // An empty list of entities would make the backend run every entity it has facts of.
    expect(requests).toEqual([
      'GET /api/tech-insights/checks',
      'GET /api/catalog/entities',
    ]);
    server.events.removeAllListeners();
  });
});
