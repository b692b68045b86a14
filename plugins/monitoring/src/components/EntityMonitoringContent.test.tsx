import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ALERTS_URL,
  alertsAnswer,
  GRAPHS_URL,
  graphsAnswer,
  paymentsGateway,
} from '../__testUtils__/fixtures';
import { monitoringApiRef } from '../api/MonitoringApi';
import { MonitoringClient } from '../api/MonitoringClient';
import { EntityMonitoringContent } from './EntityMonitoringContent';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const configured = {
  monitoring: {
    prometheus: { instances: [{ name: 'us-east' }, { name: 'eu-west' }] },
  },
};

function renderTab(options: { config?: object; entity?: Entity } = {}) {
  const client = new MonitoringClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? paymentsGateway()}>
      <EntityMonitoringContent />
    </EntityProvider>,
    {
      config: {
        app: { baseUrl: 'http://localhost:3000' },
        backend: { baseUrl: 'http://localhost:7007' },
        ...(options.config ?? configured),
      },
      apis: [[monitoringApiRef, client]],
    },
  );
}

/** The text of each body row of a table, cells joined with " | ". */
function rowsOf(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('cell'))
    .filter(cells => cells.length > 0)
    .map(cells => cells.map(cell => cell.textContent?.trim()).join(' | '));
}

function recordRequests(): string[] {
  const requests: string[] = [];
  server.events.on('request:start', ({ request }) => {
    requests.push(request.url);
  });
  return requests;
}

describe('EntityMonitoringContent', () => {
  afterEach(() => server.events.removeAllListeners());

  it('shows the active alerts firing first, the three graphs, the rules and the dashboards', async () => {
    server.use(
      http.get(ALERTS_URL, () => HttpResponse.json(alertsAnswer)),
      http.get(GRAPHS_URL, () => HttpResponse.json(graphsAnswer)),
    );
    await renderTab();

    const alerts = await screen.findByRole('table', { name: 'Active alerts' });
    expect(rowsOf(alerts)).toEqual([
      'PaymentsHighErrorRate | critical | firing | 12 minutes ago | us-east | More than 5% of payment requests fail',
      'PaymentsLatencyHigh | warning | pending | 2 minutes ago | us-east | p99 latency above 800 ms',
    ]);
    // On the alerts card and on the rules card, which share the request.
    expect(
      screen.getAllByText('Error: Prometheus eu-west could not be read'),
    ).toHaveLength(2);
    for (const message of screen.getAllByText(
      'Prometheus eu-west: no answer within 5000 ms',
    )) {
      expect(message).toBeVisible();
    }

    for (const title of ['Request rate', 'Error ratio', 'p99 latency']) {
      expect(
        await screen.findByRole('img', { name: `${title}, last 3 hours` }),
      ).toBeInTheDocument();
    }
    expect(screen.getByText('us-east: 41.5 req/s')).toBeInTheDocument();
    expect(screen.getByText('us-east: 2.5 %')).toBeInTheDocument();
    expect(screen.getByText('us-east: 250 ms')).toBeInTheDocument();

    const rules = screen.getByRole('list', { name: 'Alerting rules' });
    expect(
      within(rules)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'firingPaymentsHighErrorRateus-east · payments-gateway.rules · critical',
      'inactivePaymentsDownus-east · payments-gateway.rules · critical · health err: many-to-many matching not allowed',
    ]);

    expect(
      screen.getByRole('link', { name: /^Grafana dashboard/ }),
    ).toHaveAttribute(
      'href',
      'https://grafana.bookstore.example/d/bookstore-payments-gateway/payments-gateway',
    );
  });

  it('keeps the graphs when the alerts fail, with the error on the alerts card', async () => {
    server.use(
      http.get(ALERTS_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                'Prometheus is not configured (monitoring.prometheus.instances)',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
      http.get(GRAPHS_URL, () => HttpResponse.json(graphsAnswer)),
    );
    await renderTab();

    expect(
      await screen.findByRole('img', { name: 'Request rate, last 3 hours' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getAllByText(
          /Prometheus is not configured \(monitoring\.prometheus\.instances\)/,
        ).length,
      ).toBeGreaterThan(0),
    );
    expect(
      screen.queryByRole('table', { name: 'Active alerts' }),
    ).not.toBeInTheDocument();
  });

  it('says when nothing is active and when a type has no queries', async () => {
    server.use(
      http.get(ALERTS_URL, () =>
        HttpResponse.json({ alerts: [], rules: [], failures: [] }),
      ),
      http.get(GRAPHS_URL, () =>
        HttpResponse.json({
          ...graphsAnswer,
          serviceType: 'website',
          graphs: [],
        }),
      ),
    );
    await renderTab();

    expect(await screen.findByText('No active alerts')).toBeInTheDocument();
    expect(
      await screen.findByText(
        /No graph queries are configured for components of type “website”/,
      ),
    ).toBeInTheDocument();
  });

  it('explains the missing configuration, makes no request and still links the dashboards', async () => {
    const requests = recordRequests();
    await renderTab({ config: {} });

    expect(
      await screen.findByText('Prometheus is not configured for this portal'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Add an instance under monitoring\.prometheus\.instances/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Grafana dashboard/ }),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
  });

  it('shows only graphs and dashboards for an entity with a Grafana annotation alone', async () => {
    const requests = recordRequests();
    server.use(http.get(GRAPHS_URL, () => HttpResponse.json(graphsAnswer)));
    await renderTab({
      entity: paymentsGateway({
        'grafana/overview-dashboard':
          'https://grafana.bookstore.example/d/payments-overview',
      }),
    });

    expect(
      await screen.findByRole('img', { name: 'p99 latency, last 3 hours' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Overview dashboard/ }),
    ).toHaveAttribute(
      'href',
      'https://grafana.bookstore.example/d/payments-overview',
    );
    expect(screen.queryByText('Active alerts')).not.toBeInTheDocument();
    expect(requests).toEqual([GRAPHS_URL]);
  });
});
