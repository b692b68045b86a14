import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TenantLiveState } from '@internal/plugin-bookstore-tenant-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  liveCluster,
  TENANT_URL,
  tenantEntity,
} from '../__testUtils__/fixtures';
import { bookstoreTenantApiRef } from '../api/BookstoreTenantApi';
import { BookstoreTenantClient } from '../api/BookstoreTenantClient';
import { EntityTenantContent } from './EntityTenantContent';

// Material tables render slowly in jsdom, more so on a busy machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

function backend(answer: () => Response | Promise<Response>) {
  server.use(http.get(TENANT_URL, answer));
}

function renderTab(entity: Entity = tenantEntity) {
  const client = new BookstoreTenantClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityTenantContent />
    </EntityProvider>,
    {
      apis: [[bookstoreTenantApiRef, client]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
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

function liveSection(cluster: string) {
  return screen.findByRole('region', { name: `Live state in ${cluster}` });
}

describe('EntityTenantContent', () => {
  it("shows the catalog's state of both clusters and what they answer live", async () => {
    backend(() =>
      HttpResponse.json<TenantLiveState>({
        entityRef: 'resource:default/acme-books',
        clusters: [
          liveCluster('us-east', {
            newest: minutesAgo(5),
            oldest: minutesAgo(120),
          }),
          liveCluster('eu-west', {
            newest: minutesAgo(1),
            oldest: minutesAgo(3),
          }),
        ],
      }),
    );
    await renderTab();

    expect(rowsOf(screen.getAllByRole('table')[0])).toEqual([
      'Display Name | Acme Books',
      'Tier | standard',
      'Regions | us-east, eu-west',
      'Owner | team-payments',
    ]);
    expect(screen.getByRole('link', { name: 'team-payments' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-payments',
    );
    // The tenant card's metadata table comes first, then the clusters card's.
    const catalogTable = screen.getAllByRole('table')[1];
    expect(rowsOf(catalogTable)).toEqual([
      'us-east | bookstore-tenants/acme-books | True | True | ',
      'eu-west | bookstore-tenants/acme-books | False | True | Creating: Unready resources: quota, network-policy',
    ]);

    const usEast = await liveSection('us-east');
    const [resources, events] = within(usEast).getAllByRole('table');
    expect(rowsOf(resources)).toEqual([
      'Claim | BookstoreTenant | acme-books | bookstore-tenants | True | ',
      'Composite | XBookstoreTenant | acme-books-us-east-x7k2p | — | True | ',
      'Composed | Namespace | acme-books-us-east | — | Present | ',
      'Composed | ResourceQuota | tenant-quota | acme-books-us-east | Present | ',
      'Composed | NetworkPolicy | default-deny-except-platform | acme-books-us-east | Forbidden | Kubernetes cluster us-east: 403 Forbidden: networkpolicies.networking.k8s.io is forbidden',
    ]);
    expect(rowsOf(events)).toEqual([
      'Warning | ConfigureCompositeResource | cannot apply composite resource: quota webhook timed out | 5m (×3)',
      'Normal | BindCompositeResource | Successfully bound composite resource | 2h',
    ]);

    const euWest = await liveSection('eu-west');
    expect(
      within(euWest).getByText('acme-books-eu-west-x7k2p'),
    ).toBeInTheDocument();
    expect(within(euWest).getByText('1m (×3)')).toBeInTheDocument();
  });

  it("shows a cluster's live error while the other cluster's live state shows", async () => {
    backend(() =>
      HttpResponse.json<TenantLiveState>({
        entityRef: 'resource:default/acme-books',
        clusters: [
          liveCluster('us-east', {
            newest: minutesAgo(5),
            oldest: minutesAgo(120),
          }),
          {
            cluster: 'eu-west',
            namespace: 'bookstore-tenants',
            name: 'acme-books',
            composed: [],
            events: [],
            error: {
              reason: 'Timeout',
              message: 'Kubernetes cluster eu-west: timed out after 5000 ms',
            },
          },
        ],
      }),
    );
    await renderTab();

    const euWest = await liveSection('eu-west');
    expect(
      within(euWest).getByText('Error: Could not read the tenant in eu-west'),
    ).toBeInTheDocument();
    expect(
      within(euWest).getByText(
        'Kubernetes cluster eu-west: timed out after 5000 ms (Timeout)',
      ),
    ).toBeInTheDocument();
    expect(within(euWest).queryByRole('table')).not.toBeInTheDocument();

    const usEast = await liveSection('us-east');
    expect(
      within(usEast).getByText('acme-books-us-east-x7k2p'),
    ).toBeInTheDocument();
    // The catalog's state of the failing cluster still shows.
    expect(
      screen.getByText('Creating: Unready resources: quota, network-policy'),
    ).toBeInTheDocument();
  });

  it('shows progress while the clusters are read', async () => {
    backend(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    await renderTab();

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByText('us-east')).toBeInTheDocument();
  });

  it("keeps the catalog's state when the backend refuses", async () => {
    backend(() =>
      HttpResponse.json(
        {
          error: {
            name: 'NotFoundError',
            message: 'No entity resource:default/acme-books',
          },
          request: { method: 'GET', url: '/tenants/default/acme-books' },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ),
    );
    await renderTab();

    expect(
      await screen.findByText(/No entity resource:default\/acme-books/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Creating: Unready resources: quota, network-policy'),
    ).toBeInTheDocument();
  });
});
