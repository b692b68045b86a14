import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { adoptionApiRef } from '../api/AdoptionApi';
import { AdoptionClient } from '../api/AdoptionClient';
import { ADOPTION_URL, NO_RUNS, summary } from '../__testUtils__/fixtures';
import { AdoptionPage } from './AdoptionPage';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

function render() {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const fetchApi = mockApis.fetch();
  return renderInTestApp(<AdoptionPage />, {
    apis: [[adoptionApiRef, new AdoptionClient({ discoveryApi, fetchApi })]],
  });
}

/** The text of each body row of a table, cells joined with " | ". */
function rowsOf(name: string): string[] {
  return within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('cell'))
    .filter(cells => cells.length > 0)
    .map(cells => cells.map(cell => cell.textContent?.trim()).join(' | '));
}

describe('AdoptionPage', () => {
  it('shows an admin the figures against the targets, as charts and week by week', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${ADOPTION_URL}/summary`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(summary);
      }),
    );
    await render();

    await screen.findByRole('table', { name: 'Targets' });
    expect(asked).toEqual(['?weeks=12']);
    expect(rowsOf('Targets')).toEqual([
      'Catalog coverage | 95 % | > 95 % | no | 19 of 20 Argo CD Applications belong to a Component',
      'Template usage | 80 % | > 80 % | no | 4 of 5 new Components made by the golden path in the 3 weeks shown',
      'Template success | 83.3 % | — | — | 5 of 6 finished template runs succeeded in the 3 weeks shown',
      'Weekly active developers | 70 % | > 60 % | yes | 7 of 10 users active in the week of 2026-11-23',
      'DAU/WAU | 61.3 % | > 60 % | yes | 4.29 daily of 7 weekly active users in the week of 2026-11-23',
      'Time to first sync | 33.8 min | < 60 min | yes | Median of 4 of 5 template runs whose service Argo CD deployed in the 3 weeks shown (90th percentile 70 min); 1 waiting',
      'TechDocs freshness | 80 % | > 70 % | yes | 8 of 10 Components with TechDocs built in the last 90 days',
    ]);
    expect(rowsOf('Weeks')).toEqual([
      '2026-11-16 | 4 | 2 | 2 | 1 | 1 | 1 | 0 | 1 of 1 | 42 min | 62.5 %',
      '2026-11-23 | 7 | 4.29 | 5 | 4 | 0 | 4 | 4 | 3 of 4 | 25.5 min | 70 %',
      '2026-11-30 | 3 | 2.33 | 1 | 0 | 0 | 0 | 0 | 0 of 0 | — | 80 %',
    ]);
    for (const chart of [
      'Active users per week',
      'Active users per day',
      'Template runs per week',
      'New Components per week',
      'Time to first sync per week',
      'Template runs to first sync per week',
      'TechDocs freshness per week',
    ]) {
      expect(screen.getByRole('img', { name: chart })).toBeInTheDocument();
    }
    expect(
      within(screen.getByRole('img', { name: 'Template runs per week' }))
        .getAllByTitle(/, 2026-11-23: /)
        .map(bar => bar.title),
    ).toEqual([
      'Succeeded, 2026-11-23: 4',
      'Failed, 2026-11-23: 0',
      'Not finished, 2026-11-23: 1',
    ]);
    expect(
      within(screen.getByRole('img', { name: 'Time to first sync per week' }))
        .getAllByTitle(/^(Median|90th percentile), /)
        .map(bar => bar.title),
    ).toEqual([
      'Median, 2026-11-16: 42 min',
      '90th percentile, 2026-11-16: 42 min',
      'Median, 2026-11-23: 25.5 min',
      '90th percentile, 2026-11-23: 70 min',
      'Median, 2026-11-30: —',
      '90th percentile, 2026-11-30: —',
    ]);
    expect(
      within(screen.getByRole('img', { name: 'TechDocs freshness per week' }))
        .getAllByTitle(/^Built in the last 90 days, /)
        .map(bar => bar.title),
    ).toEqual([
      'Built in the last 90 days, 2026-11-16: 62.5 %',
      'Built in the last 90 days, 2026-11-23: 70 %',
      'Built in the last 90 days, 2026-11-30: 80 %',
    ]);
  });

  it('says so when no golden-path run has synced yet and no Component has TechDocs', async () => {
    const waiting = {
      runs: 2,
      synced: 0,
      waiting: 2,
      medianMinutes: null,
      p90Minutes: null,
    };
    server.use(
      http.get(`${ADOPTION_URL}/summary`, () =>
        HttpResponse.json({
          ...summary,
          weeks: summary.weeks.map((week, i) => ({
            ...week,
            firstSync: i === 2 ? waiting : NO_RUNS,
            techDocs: { ...week.techDocs, components: 0, fresh: 0 },
          })),
          firstSync: waiting,
          techDocs: { ...summary.techDocs, components: 0, fresh: 0 },
        }),
      ),
    );
    await render();

    await screen.findByRole('table', { name: 'Targets' });
    expect(rowsOf('Targets').slice(-2)).toEqual([
      'Time to first sync | — | < 60 min | — | No golden-path runs have synced yet (2 waiting in the 3 weeks shown)',
      'TechDocs freshness | — | > 70 % | — | No Component has TechDocs',
    ]);
    expect(
      screen.getByText('No golden-path runs have synced yet'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: 'Time to first sync per week' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: 'TechDocs freshness per week' }),
    ).not.toBeInTheDocument();
    // The runs still waiting are charted.
    expect(
      within(
        screen.getByRole('img', {
          name: 'Template runs to first sync per week',
        }),
      ).getByTitle('Waiting, 2026-11-30: 2'),
    ).toBeInTheDocument();
    expect(rowsOf('Weeks').map(row => row.split(' | ').slice(8))).toEqual([
      ['0 of 0', '—', '—'],
      ['0 of 0', '—', '—'],
      ['0 of 2', '—', '—'],
    ]);
  });

  it('tells anyone else the page is for portal admins only', async () => {
    server.use(
      http.get(`${ADOPTION_URL}/summary`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'The adoption figures are for portal admins only (adoption.summary.read)',
            },
            request: { method: 'GET', url: '/api/adoption/summary?weeks=12' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await render();

    expect(
      await screen.findByText(/Only portal admins see the adoption figures/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows any other error as it is', async () => {
    server.use(
      http.get(`${ADOPTION_URL}/summary`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'scaffolder unreachable' },
            request: { method: 'GET', url: '/api/adoption/summary?weeks=12' },
            response: { statusCode: 500 },
          },
          { status: 500 },
        ),
      ),
    );
    await render();

    expect(
      await screen.findByText(/scaffolder unreachable/),
    ).toBeInTheDocument();
  });
});
