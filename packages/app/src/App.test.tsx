import { render, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import App from './App';
import { exampleComponent, loadAppConfig } from './testing/portalApp';

const catalog = new Map(
  ['payments-gateway', 'recommendations'].map(name => [
    name,
    exampleComponent(name),
  ]),
);

const server = setupServer(
  http.get(
    'http://localhost:7007/api/catalog/entities/by-name/component/default/:name',
    ({ params }) => {
      const entity = catalog.get(String(params.name));
      return entity
        ? HttpResponse.json(entity)
        : HttpResponse.json(
            { error: { name: 'NotFoundError', message: 'not found' } },
            { status: 404 },
          );
    },
  ),
  http.post('http://localhost:7007/api/catalog/entities/by-refs', () =>
    HttpResponse.json({ items: [] }),
  ),
  http.get('http://localhost:7007/api/catalog/entities/by-query', () =>
    HttpResponse.json({ items: [], totalItems: 0, pageInfo: {} }),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function renderApp(path: string) {
  process.env = {
    ...process.env,
    NODE_ENV: 'test',
    APP_CONFIG: (await loadAppConfig()) as any,
  };
  window.history.pushState({}, '', path);
  return render(App.createRoot());
}

async function entityTabs(): Promise<string[]> {
  const tabList = await screen.findByRole('tablist', {}, { timeout: 20_000 });
  return within(tabList)
    .getAllByRole('tab')
    .map(tab => tab.textContent?.trim() ?? '');
}

describe('the portal app', () => {
  it('shows every on-call tab for an annotated service', async () => {
    await renderApp('/catalog/default/component/payments-gateway');
    expect(
      await screen.findByText('payments-gateway', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(await entityTabs()).toEqual([
      'Overview',
      'CI/CD',
      'Kubernetes',
      'On-call',
      'Docs',
      'API',
      'Dependencies',
    ]);
  });

  it('hides the tabs whose annotations a service lacks', async () => {
    await renderApp('/catalog/default/component/recommendations');
    const tabs = await entityTabs();
    expect(tabs).toContain('Overview');
    for (const tab of ['CI/CD', 'Kubernetes', 'On-call', 'Docs']) {
      expect(tabs).not.toContain(tab);
    }
  });
});
