import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

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

/**
 * A Keycloak speaking what the catalog's Keycloak module calls: the login realm's token endpoint
 * (client credentials, a JWT access token), /admin/serverinfo and the realm's admin REST API for
 * users, groups and group members (count, first/max pages). Requests to the admin API need the
 * issued token. `failing` makes every request answer 503, as a Keycloak that is down.
 */
export async function startFakeKeycloak(options: {
  realm: string;
  clientId: string;
  clientSecret: string;
  users: KeycloakUser[];
  groups: KeycloakGroup[];
}) {
  const state = { ...options, failing: false, requests: 0 };
  const issued = new Set<string>();

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

  const server = createServer(async (req, res) => {
    state.requests += 1;
    if (state.failing) {
      json(res, 503, { error: 'unavailable' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://keycloak');
    const path = url.pathname.replace(/\/$/, '');
    if (
      req.method === 'POST' &&
      path === `/realms/${state.realm}/protocol/openid-connect/token`
    ) {
      const form = await readBody(req);
      const [clientId, clientSecret] = clientCredentials(req, form);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        clientId !== state.clientId ||
        clientSecret !== state.clientSecret
      ) {
        json(res, 401, { error: 'invalid_client' });
        return;
      }
      const token = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 300 });
      issued.add(token);
      json(res, 200, {
        access_token: token,
        expires_in: 300,
        token_type: 'Bearer',
      });
      return;
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
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
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
