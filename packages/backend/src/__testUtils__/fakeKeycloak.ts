import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createHash,
  createSign,
  generateKeyPairSync,
  randomUUID,
} from 'node:crypto';
import { keycloakDiscoveryDocument } from './oidc';

/** A realm's user as Keycloak's admin REST API returns it. */
export interface KeycloakUser {
  id: string;
  username: string;
  email: string;
  firstName?: string;
  lastName?: string;
}

/** A top-level group of the realm and the usernames of its members. */
export interface KeycloakGroup {
  id: string;
  name: string;
  members: string[];
}

/** An OIDC client of the realm (authorization code flow). */
export interface KeycloakClient {
  clientId: string;
  clientSecret: string;
}

/** A pending authorization code: who signed in, for which client, redirect and nonce. */
interface Grant {
  username: string;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  codeChallenge?: string;
}

/**
 * A Keycloak speaking what the catalog's Keycloak module calls: the login realm's token endpoint
 * (client credentials, a JWT access token), /admin/serverinfo and the realm's admin REST API for
 * users, groups and group members (count, first/max pages). Requests to the admin API need the
 * issued token. `failing` makes every request answer 503, as a Keycloak that is down;
 * `failingUserPages` makes the users pages starting at those offsets (`first`) answer 500.
 *
 * With `signInClient`, also the realm's OpenID Connect provider as the portal's sign-in uses it:
 * discovery, the authorization endpoint (the person in `state.signingIn` has logged in: a redirect
 * to the client's redirect_uri with a code and the state), the token endpoint (authorization code
 * with PKCE, refresh token; an RS256 id_token with the nonce), the JWKS and userinfo (the e-mail
 * verified, as Keycloak says of the realm's users).
 */
export async function startFakeKeycloak(options: {
  realm: string;
  clientId: string;
  clientSecret: string;
  users: KeycloakUser[];
  groups: KeycloakGroup[];
  signInClient?: KeycloakClient;
}) {
  const state = {
    ...options,
    failing: false,
    failingUserPages: [] as number[],
    requests: 0,
    signingIn: undefined as string | undefined,
  };
  const issued = new Set<string>();
  const grants = new Map<string, Grant>();
  /** Access and refresh tokens of the sign-in client, and whose they are. */
  const sessions = new Map<string, string>();
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const page = <T>(items: T[], query: URLSearchParams) => {
    const first = Number(query.get('first') ?? 0);
    const max = Number(query.get('max') ?? 100);
    return items.slice(first, first + max);
  };
  const readBody = async (req: IncomingMessage) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    return new URLSearchParams(body);
  };
  const userOf = (u: KeycloakUser) => ({ ...u, enabled: true });
  const groupOf = (g: KeycloakGroup) => ({
    id: g.id,
    name: g.name,
    path: `/${g.name}`,
    subGroupCount: 0,
    subGroups: [],
  });

  const claimsOf = (user: KeycloakUser) => ({
    sub: user.id,
    preferred_username: user.username,
    email: user.email,
    email_verified: true,
    name: [user.firstName, user.lastName].filter(Boolean).join(' '),
  });
  /** What the token endpoint answers the sign-in client for `username`'s session. */
  const tokensFor = (username: string, clientId: string, nonce?: string) => {
    const user = state.users.find(u => u.username === username);
    if (!user) {
      throw new Error(`the fake Keycloak has no user ${username}`);
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = randomUUID();
    const refreshToken = randomUUID();
    sessions.set(`access:${accessToken}`, username);
    sessions.set(`refresh:${refreshToken}`, username);
    const header = { alg: 'RS256', typ: 'JWT', kid };
    const claims = {
      ...claimsOf(user),
      iss: issuer,
      aud: clientId,
      azp: clientId,
      iat: now,
      exp: now + 300,
      ...(nonce ? { nonce } : {}),
    };
    const unsigned = [header, claims]
      .map(part => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    const signature = createSign('RSA-SHA256')
      .update(unsigned)
      .sign(signing.privateKey, 'base64url');
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: `${unsigned}.${signature}`,
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'openid profile email',
    };
  };

  const server = createServer(async (req, res) => {
    state.requests += 1;
    if (state.failing) {
      json(res, 503, { error: 'unavailable' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://keycloak');
    const path = url.pathname.replace(/\/$/, '');
    const oidc = `/realms/${state.realm}/protocol/openid-connect`;
    if (req.method === 'POST' && path === `${oidc}/token`) {
      const form = await readBody(req);
      const [clientId, clientSecret] = clientCredentials(req, form);
      const grantType = form.get('grant_type');
      if (
        grantType === 'client_credentials' &&
        clientId === state.clientId &&
        clientSecret === state.clientSecret
      ) {
        const token = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 300 });
        issued.add(token);
        json(res, 200, {
          access_token: token,
          expires_in: 300,
          token_type: 'Bearer',
        });
        return;
      }
      const client = state.signInClient;
      if (
        !client ||
        clientId !== client.clientId ||
        clientSecret !== client.clientSecret
      ) {
        json(res, 401, { error: 'invalid_client' });
        return;
      }
      if (grantType === 'authorization_code') {
        const code = form.get('code') ?? '';
        const grant = grants.get(code);
        grants.delete(code);
        const verifier = form.get('code_verifier') ?? '';
        if (
          !grant ||
          grant.clientId !== clientId ||
          grant.redirectUri !== form.get('redirect_uri') ||
          (grant.codeChallenge !== undefined &&
            createHash('sha256').update(verifier).digest('base64url') !==
              grant.codeChallenge)
        ) {
          json(res, 400, { error: 'invalid_grant' });
          return;
        }
        json(res, 200, tokensFor(grant.username, clientId, grant.nonce));
        return;
      }
      const refreshed = sessions.get(`refresh:${form.get('refresh_token')}`);
      if (grantType === 'refresh_token' && refreshed) {
        json(res, 200, tokensFor(refreshed, clientId));
        return;
      }
      json(res, 400, { error: 'unsupported_grant_type' });
      return;
    }
    if (state.signInClient && req.method === 'GET') {
      if (path === `/realms/${state.realm}/.well-known/openid-configuration`) {
        json(res, 200, keycloakDiscoveryDocument(issuer));
        return;
      }
      if (path === `${oidc}/certs`) {
        json(res, 200, {
          keys: [
            {
              ...signing.publicKey.export({ format: 'jwk' }),
              kid,
              use: 'sig',
              alg: 'RS256',
            },
          ],
        });
        return;
      }
      if (path === `${oidc}/auth`) {
        const query = url.searchParams;
        const redirectUri = query.get('redirect_uri') ?? '';
        if (
          query.get('client_id') !== state.signInClient.clientId ||
          query.get('response_type') !== 'code' ||
          !redirectUri
        ) {
          json(res, 400, { error: 'invalid_request' });
          return;
        }
        if (!state.signingIn) {
          json(res, 401, { error: 'nobody logs in' });
          return;
        }
        const code = randomUUID();
        grants.set(code, {
          username: state.signingIn,
          clientId: state.signInClient.clientId,
          redirectUri,
          nonce: query.get('nonce') ?? undefined,
          codeChallenge: query.get('code_challenge') ?? undefined,
        });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', query.get('state') ?? '');
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (path === `${oidc}/userinfo`) {
        const bearer = req.headers.authorization?.replace(/^Bearer /, '');
        const user = state.users.find(
          u => u.username === sessions.get(`access:${bearer}`),
        );
        if (!user) {
          json(res, 401, { error: 'invalid_token' });
          return;
        }
        json(res, 200, claimsOf(user));
        return;
      }
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    if (!bearer || !issued.has(bearer)) {
      json(res, 401, { error: 'HTTP 401 Unauthorized' });
      return;
    }
    if (req.method !== 'GET') {
      json(res, 405, { error: 'read only' });
      return;
    }
    if (path === '/admin/serverinfo') {
      json(res, 200, { systemInfo: { version: '26.0.5' } });
      return;
    }
    const admin = `/admin/realms/${state.realm}`;
    const members = path.match(new RegExp(`^${admin}/groups/([^/]+)/members$`));
    if (path === `${admin}/users/count`) {
      json(res, 200, state.users.length);
    } else if (path === `${admin}/users`) {
      if (
        state.failingUserPages.includes(
          Number(url.searchParams.get('first') ?? 0),
        )
      ) {
        json(res, 500, { error: 'unknown_error' });
        return;
      }
      json(res, 200, page(state.users.map(userOf), url.searchParams));
    } else if (path === `${admin}/groups/count`) {
      json(res, 200, { count: state.groups.length });
    } else if (path === `${admin}/groups`) {
      json(res, 200, page(state.groups.map(groupOf), url.searchParams));
    } else if (members) {
      const group = state.groups.find(g => g.id === members[1]);
      if (!group) {
        json(res, 404, { error: 'Could not find group by id' });
        return;
      }
      const users = state.users.filter(u => group.members.includes(u.username));
      json(res, 200, page(users.map(userOf), url.searchParams));
    } else {
      json(res, 404, { error: 'not found' });
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${baseUrl}/realms/${state.realm}`;
  return {
    baseUrl,
    /** The realm's OpenID Connect discovery document (auth.providers.oidc's metadataUrl). */
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    state,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** The client's id and secret: HTTP Basic (client_secret_basic) or the form (client_secret_post). */
function clientCredentials(req: IncomingMessage, form: URLSearchParams) {
  const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
  if (!basic) {
    return [form.get('client_id'), form.get('client_secret')];
  }
  const decoded = Buffer.from(basic, 'base64').toString();
  const colon = decoded.indexOf(':');
  return [decoded.slice(0, colon), decoded.slice(colon + 1)].map(
    decodeURIComponent,
  );
}

/** An unsigned JWT with `claims`: the module reads only its expiry. */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({
    ...claims,
    jti: randomUUID(),
  })}.`;
}
