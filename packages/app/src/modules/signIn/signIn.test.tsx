import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createApp } from '@backstage/frontend-defaults';
import type { JsonObject } from '@backstage/config';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { features } from '../../features';
import {
  backstageToken,
  exampleComponent,
  loadAppConfig,
} from '../../__testUtils__/portalApp';

jest.setTimeout(60_000);

// alice of examples/catalog/org.yaml, as the backend signs her in (see
// packages/backend/src/signIn.test.ts): her groups and their parents.
const alice = {
  email: 'alice@bookstore.example',
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: [
    'user:default/alice',
    'group:default/team-payments',
    'group:default/engineering',
    'group:default/bookstore',
  ],
};
const aliceToken = backstageToken(
  alice.userEntityRef,
  alice.ownershipEntityRefs,
);
const aliceIdentity = {
  token: aliceToken,
  expiresInSeconds: 3600,
  identity: {
    type: 'user',
    userEntityRef: alice.userEntityRef,
    ownershipEntityRefs: alice.ownershipEntityRefs,
  },
};

const paymentsGateway = exampleComponent('payments-gateway');

const backendOrigin = 'http://localhost:7007';
const backend = `${backendOrigin}/api`;

/** A Backstage error response, as the backend's error handler serializes it. */
const backstageError = (name: string, message: string, status: number) =>
  HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );

const guestToken = backstageToken('user:development/guest');

/** The Authorization headers of every catalog request, in order. */
let catalogAuthorizations: (string | null)[] = [];

const server = setupServer(
  // The catalog answers only tokens the auth backend issued.
  http.get(`${backend}/catalog/*`, ({ request }) => {
    const authorization = request.headers.get('authorization');
    catalogAuthorizations.push(authorization);
    if (
      authorization !== `Bearer ${aliceToken}` &&
      authorization !== `Bearer ${guestToken}`
    ) {
      return backstageError('AuthenticationError', 'Unauthorized', 401);
    }
    const path = new URL(request.url).pathname;
    if (path.endsWith('/by-name/component/default/payments-gateway')) {
      return HttpResponse.json(paymentsGateway);
    }
    if (path.endsWith('/by-name/component/default/payments-gateway/ancestry')) {
      return HttpResponse.json({
        rootEntityRef: 'component:default/payments-gateway',
        items: [{ entity: paymentsGateway, parentEntityRefs: [] }],
      });
    }
    if (path.endsWith('/entities/by-query')) {
      return HttpResponse.json({ items: [], totalItems: 0, pageInfo: {} });
    }
    return backstageError('NotFoundError', 'no such entity', 404);
  }),
  http.post(`${backend}/catalog/entities/by-refs`, () =>
    HttpResponse.json({ items: [] }),
  ),
  http.post(`${backend}/permission/authorize`, async ({ request }) => {
    const { items } = (await request.json()) as { items: { id: string }[] };
    return HttpResponse.json({
      items: items.map(({ id }) => ({ id, result: 'ALLOW' })),
    });
  }),
  // Everything else the pages ask the backend for is not under test here.
  http.all(`${backend}/*`, () =>
    backstageError('NotFoundError', 'not served in this test', 404),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  catalogAuthorizations = [];
});
afterEach(() => {
  server.resetHandlers();
  window.localStorage.clear();
  jest.restoreAllMocks();
});
afterAll(() => server.close());

/**
 * Renders the portal's app (the same features as App.tsx) at `path`, with app-config.yaml
 * and `app.signIn` as given: as in app-config.yaml (`undefined`), removed (`'unset'`), or
 * overridden. A fresh app each time, since an app reads its config once.
 */
async function renderPortal(
  signIn: JsonObject | 'unset' | undefined,
  path: string,
) {
  let configs = await loadAppConfig(
    ...(typeof signIn === 'object' ? [{ app: { signIn } }] : []),
  );
  if (signIn === 'unset') {
    configs = configs.map(({ data: { app, ...data }, ...config }) => {
      const { signIn: _, ...appWithoutSignIn } = app as JsonObject;
      return { ...config, data: { ...data, app: appWithoutSignIn } };
    });
    expect(JSON.stringify(configs)).not.toContain('signIn');
  }
  process.env = {
    ...process.env,
    NODE_ENV: 'test',
    APP_CONFIG: configs as any,
  };
  window.history.pushState({}, '', path);
  return render(createApp({ features }).createRoot());
}

/** The signed-in person's profile and identity, as the Settings page shows them. */
async function expectSettingsToShowAlice() {
  expect(
    await screen.findByText(alice.email, undefined, { timeout: 20_000 }),
  ).toBeInTheDocument();
  await waitFor(() =>
    expect(document.body).toHaveTextContent(
      'User Entity: aliceOwnership Entities: alice, team-payments, engineering, bookstore',
    ),
  );
}

describe('sign-in with app.signIn.provider: oauth2Proxy', () => {
  /**
   * GET /api/auth/oauth2Proxy/refresh as the auth backend answers behind oauth2-proxy
   * when its headers name alice (no X-OAUTH2-PROXY-ID-TOKEN, so no access token).
   */
  const refreshAsAlice = http.get(`${backend}/auth/oauth2Proxy/refresh`, () =>
    HttpResponse.json({
      profile: { email: alice.email, displayName: 'alice' },
      providerInfo: { accessToken: '' },
      backstageIdentity: aliceIdentity,
    }),
  );

  it('signs in silently as the person oauth2-proxy vouches for', async () => {
    server.use(refreshAsAlice);
    await renderPortal({ provider: 'oauth2Proxy' }, '/settings');
    await expectSettingsToShowAlice();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });

  it("calls the backend with alice's token", async () => {
    server.use(refreshAsAlice);
    await renderPortal(
      { provider: 'oauth2Proxy' },
      '/catalog/default/component/payments-gateway',
    );
    const nav = await screen.findByRole(
      'navigation',
      { name: 'Content navigation' },
      { timeout: 20_000 },
    );
    expect(
      within(nav).getByRole('link', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(catalogAuthorizations).not.toEqual([]);
    expect(new Set(catalogAuthorizations)).toEqual(
      new Set([`Bearer ${aliceToken}`]),
    );
  });

  it('shows an error instead of the app when the proxy has not signed anyone in', async () => {
    server.use(
      http.get(`${backend}/auth/oauth2Proxy/refresh`, () =>
        backstageError('AuthenticationError', 'Unauthorized', 401),
      ),
    );
    await renderPortal(
      { provider: 'oauth2Proxy' },
      '/catalog/default/component/payments-gateway',
    );
    expect(
      await screen.findByText(
        /You do not appear to be signed in. Please try reloading the browser page./,
        undefined,
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Request failed with 401 Unauthorized/),
    ).not.toEqual([]);
    expect(
      screen.queryByRole('navigation', { name: 'Content navigation' }),
    ).toBeNull();
    expect(catalogAuthorizations).toEqual([]);
  });
});

describe('sign-in with app.signIn.provider: guest', () => {
  it.each([
    ['set to guest, as in app-config.yaml', undefined],
    ['unset', 'unset' as const],
  ])('offers the guest Enter button when %s', async (_, signIn) => {
    server.use(
      http.get(`${backend}/auth/guest/refresh`, () =>
        HttpResponse.json({
          profile: { displayName: 'Guest' },
          backstageIdentity: {
            token: guestToken,
            identity: {
              type: 'user',
              userEntityRef: 'user:development/guest',
              ownershipEntityRefs: ['user:development/guest'],
            },
          },
        }),
      ),
    );
    await renderPortal(signIn, '/settings');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    );
    await waitFor(
      () =>
        expect(document.body).toHaveTextContent(
          'User Entity: development/guestOwnership Entities: development/guest',
        ),
      { timeout: 20_000 },
    );
    expect(catalogAuthorizations).toContain(`Bearer ${guestToken}`);
    expect(screen.queryByText('Keycloak')).toBeNull();
  });
});

describe('sign-in with app.signIn.provider: oidc', () => {
  it("offers Keycloak and signs in through the backend's oidc provider", async () => {
    await renderPortal({ provider: 'oidc' }, '/settings');
    expect(
      await screen.findByText('Keycloak', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Sign in using Keycloak')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();

    // The login pop-up: the auth backend's start URL, which ends by posting the
    // backend's response back to the app.
    const popup = { closed: false, close() {} } as unknown as Window;
    const open = jest.spyOn(window, 'open').mockReturnValue(popup);
    await userEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    await waitFor(() => expect(open).toHaveBeenCalled());
    const url = new URL(String(open.mock.calls[0][0]));
    expect(`${url.origin}${url.pathname}`).toBe(`${backend}/auth/oidc/start`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope: 'openid profile email offline_access',
      origin: window.location.origin,
      flow: 'popup',
      env: 'development',
    });

    window.dispatchEvent(
      new MessageEvent('message', {
        source: popup,
        origin: backendOrigin,
        data: {
          type: 'authorization_response',
          response: {
            profile: { email: alice.email, displayName: 'Alice' },
            providerInfo: {
              idToken: 'keycloak-id-token',
              accessToken: 'keycloak-access-token',
              scope: 'openid profile email offline_access',
              expiresInSeconds: 300,
            },
            backstageIdentity: aliceIdentity,
          },
        },
      }),
    );
    await expectSettingsToShowAlice();
  });

  it('names the provider as configured', async () => {
    await renderPortal(
      {
        provider: 'oidc',
        oidc: { title: 'Bookstore SSO', message: 'Use your bookstore account' },
      },
      '/',
    );
    expect(
      await screen.findByText('Bookstore SSO', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Use your bookstore account')).toBeInTheDocument();
  });
});

describe('sign-in with an unknown app.signIn.provider', () => {
  it('fails with an error naming the key and the allowed values', async () => {
    // React reports the error it catches; the page is what is under test.
    jest.spyOn(console, 'error').mockImplementation(() => {});
    await renderPortal({ provider: 'keycloak' }, '/');
    expect(
      await screen.findAllByText(
        "Invalid app.signIn.provider 'keycloak': expected one of 'guest', 'oidc', 'oauth2Proxy'",
        { exact: false },
        { timeout: 20_000 },
      ),
    ).not.toEqual([]);
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign In' })).toBeNull();
  });
});
