import { JsonObject } from '@backstage/types';
import request from 'supertest';
import type { Server } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import { waitForEntities } from './catalogClient';
import { oauth2ProxySignInForTests, signInAs } from './oauth2Proxy';
import { startPortalBackend } from './portalBackend';
import { loadPortalConfig, repoRoot } from './portalConfig';

/**
 * The portal's backend as it ships (its feature list, app-config.yaml, the real auth
 * services) for the security tests: people sign in through oauth2Proxy as alice
 * (team-payments), bob (team-search) or carol (portal admin); the catalog holds the example
 * organisation and the team-labelled templates of the policy's HTTP test.
 */

/** Templates of the fixture: payments-service is labelled team-payments, so hidden from bob. */
export const TEMPLATES_FILE = resolvePath(
  repoRoot,
  'plugins/permission-backend-module-team-label/src/__testUtils__/fixtures/templates.yaml',
);
export const HIDDEN_TEMPLATE = 'payments-service';
/** A name nothing in the catalog has. */
export const MISSING_TEMPLATE = 'no-such-template';

/** A static external-access token: a backend service calling in. */
export const SERVICE_TOKEN = 'security-test-service-token-0123456789';

export type SignedIn = Awaited<ReturnType<typeof signInAs>>;

/** Config that lets a backend service call in with a static external-access token. */
export function serviceTokenAccess(token: string, subject: string): JsonObject {
  return {
    backend: {
      auth: {
        externalAccess: [{ type: 'static', options: { token, subject } }],
      },
    },
  };
}

export async function startSecurityBackend(overrides: JsonObject[] = []) {
  const config = await loadPortalConfig(
    ['app-config.yaml'],
    [
      oauth2ProxySignInForTests,
      serviceTokenAccess(SERVICE_TOKEN, 'security-test'),
      {
        catalog: {
          locations: [
            { type: 'file', target: '../../examples/catalog/org.yaml' },
            { type: 'file', target: '../../examples/catalog/all.yaml' },
            {
              type: 'file',
              target: TEMPLATES_FILE,
              rules: [{ allow: ['Template'] }],
            },
          ],
        },
      },
      ...overrides,
    ],
  );
  return startPortalWithPeople(config, SERVICE_TOKEN, [
    'payments-gateway',
    HIDDEN_TEMPLATE,
  ]);
}

/**
 * Starts the portal's backend with `config`, waits until the catalog (read with `token`)
 * holds alice, bob, carol and the entities named in `names`, and signs the three in.
 */
export async function startPortalWithPeople(
  config: JsonObject,
  token: string,
  names: string[],
) {
  const backend = await startPortalBackend(config);
  await waitForEntities(backend.server, token, all =>
    ['alice', 'bob', 'carol', ...names].every(name =>
      all.some(e => e.metadata.name === name),
    ),
  );
  const [alice, bob, carol] = await Promise.all(
    ['alice', 'bob', 'carol'].map(name => signInAs(backend.server, name)),
  );
  return { backend, server: backend.server, alice, bob, carol };
}

/** An HTTP client for one caller: a signed-in person or a token. */
export function as(server: Server, who: SignedIn | string) {
  const authorization = `Bearer ${typeof who === 'string' ? who : who.token}`;
  return {
    get: (path: string) =>
      request(server).get(path).set('Authorization', authorization),
    post: (path: string, body?: object) =>
      request(server).post(path).set('Authorization', authorization).send(body),
    put: (path: string, body?: object) =>
      request(server).put(path).set('Authorization', authorization).send(body),
    patch: (path: string, body?: object) =>
      request(server)
        .patch(path)
        .set('Authorization', authorization)
        .send(body),
    delete: (path: string, body?: object) =>
      request(server)
        .delete(path)
        .set('Authorization', authorization)
        .send(body),
  };
}

/**
 * What a caller learns from an answer about a name: its status and body, with the name
 * itself (which the caller typed) replaced, so that the answers for two names compare.
 */
export function answerAbout(
  response: { status: number; body: unknown; text?: string },
  name: string,
) {
  const body = JSON.stringify(response.body ?? response.text ?? '');
  return { status: response.status, body: body.split(name).join('<name>') };
}
