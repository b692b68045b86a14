import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { adoptionApiRef } from '../api/AdoptionApi';
import { AdoptionClient } from '../api/AdoptionClient';
import { ADOPTION_URL, summary } from '../__testUtils__/fixtures';
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
    ]);
    expect(rowsOf('Weeks')).toEqual([
      '2026-11-16 | 4 | 2 | 2 | 1 | 1 | 1 | 0',
      '2026-11-23 | 7 | 4.29 | 5 | 4 | 0 | 4 | 4',
      '2026-11-30 | 3 | 2.33 | 1 | 0 | 0 | 0 | 0',
    ]);
    for (const chart of [
      'Active users per week',
      'Active users per day',
      'Template runs per week',
      'New Components per week',
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
