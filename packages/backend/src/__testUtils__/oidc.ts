import { createServer, Server } from 'node:http';
import request from 'supertest';
import type { AddressInfo } from 'node:net';

/**
 * Serves an OpenID Connect discovery document, as Keycloak does for a realm, so that the
 * production configuration's OIDC provider can start in tests. Nothing signs in through it (the
 * fake Keycloak's sign-in client does: fakeKeycloak.ts).
 */
export async function serveOidcDiscovery(): Promise<{
  metadataUrl: string;
  close(): Promise<void>;
}> {
  let issuer = '';
  const server = createServer((req, res) => {
    if (req.url !== '/realms/bookstore/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(keycloakDiscoveryDocument(issuer)));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/realms/bookstore`;
  return {
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** The OpenID Connect discovery document of a Keycloak realm whose URL is `issuer`. */
export function keycloakDiscoveryDocument(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
    token_endpoint: `${issuer}/protocol/openid-connect/token`,
    userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
    jwks_uri: `${issuer}/protocol/openid-connect/certs`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  };
}

/** What the auth backend's OIDC handler frame posts to the app: an identity or an error. */
export interface OidcFrameResponse {
  response?: { backstageIdentity?: { token: string } };
  error?: { name: string; message: string };
}

/**
 * Signs in through the portal's OIDC provider (auth.providers.oidc.production) as a browser does,
 * at a Keycloak where someone has logged in (the fake's `state.signingIn`): /api/auth/oidc/start,
 * Keycloak's authorization endpoint, its redirect to /api/auth/oidc/handler/frame, whose page
 * carries the sign-in's outcome; with an identity, /api/auth/oidc/refresh then answers with the
 * session's Backstage identity as the app asks for it.
 */
export async function signInThroughOidc(server: Server | string): Promise<{
  frame: OidcFrameResponse;
  refresh?: request.Response;
}> {
  const start = await request(server)
    .get('/api/auth/oidc/start')
    .query({ env: 'production', scope: 'openid profile email' });
  if (start.status !== 302) {
    throw new Error(`oidc start answered ${start.status}: ${start.text}`);
  }
  const login = await fetch(start.headers.location, { redirect: 'manual' });
  const callback = login.headers.get('location');
  if (login.status !== 302 || !callback) {
    throw new Error(
      `Keycloak's authorization endpoint answered ${
        login.status
      }: ${await login.text()}`,
    );
  }
  const { pathname, search } = new URL(callback);
  const frame = await request(server)
    .get(`${pathname}${search}`)
    .set('Cookie', cookiesOf(start));
  const posted = frame.text.match(/decodeURIComponent\('([^']*)'\)/)?.[1];
  if (frame.status !== 200 || posted === undefined) {
    throw new Error(`oidc handler answered ${frame.status}: ${frame.text}`);
  }
  const outcome: OidcFrameResponse = JSON.parse(decodeURIComponent(posted));
  if (outcome.error) {
    return { frame: outcome };
  }
  const refresh = await request(server)
    .get('/api/auth/oidc/refresh')
    .query({ env: 'production' })
    .set('X-Requested-With', 'XMLHttpRequest')
    .set('Cookie', cookiesOf(frame));
  return { frame: outcome, refresh };
}

/**
 * The cookies a browser keeps from a response's Set-Cookie headers, as a Cookie header sends them
 * back: for each name the last one set, without those removed (the auth backend removes a legacy
 * cookie of the same name before it sets the new one).
 */
function cookiesOf(response: request.Response): string {
  const set = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const jar = new Map<string, string>();
  for (const cookie of set) {
    const [pair, ...attributes] = cookie.split(';').map(part => part.trim());
    const [name, value] = [
      pair.slice(0, pair.indexOf('=')),
      pair.slice(pair.indexOf('=') + 1),
    ];
    const expires = attributes.find(a => /^expires=/i.test(a));
    const removed =
      attributes.some(a => /^max-age=0$/i.test(a)) ||
      (expires !== undefined &&
        Date.parse(expires.slice('expires='.length)) <= Date.now());
    if (removed) {
      jar.delete(name);
    } else {
      jar.set(name, value);
    }
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
