import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import authModuleOauth2ProxyProvider from '@backstage/plugin-auth-backend-module-oauth2-proxy-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, resolve as resolvePath } from 'node:path';
import teamLabelPolicy, {
  authModuleTransitiveGroupOwnership,
  catalogModuleTeamLabelRules,
  catalogModuleTeamTemplateEntityModel,
} from '..';
/*
 * The portal's shared test harness (packages/backend/src/__testUtils__): signing in as the
 * example people and listing the catalog. The backend package is the app, not a library
 * this package can depend on, hence the relative imports.
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
import {
  listEntities,
  waitForEntities,
} from '../../../../packages/backend/src/__testUtils__/catalogClient';
import {
  oauth2ProxySignInForTests,
  signInAs,
} from '../../../../packages/backend/src/__testUtils__/oauth2Proxy';
/* eslint-enable @backstage/no-relative-monorepo-imports */

export { signInAs, waitForEntities };

/** A signed-in person: their Backstage token and the ownership refs it carries. */
export type SignedIn = Awaited<ReturnType<typeof signInAs>>;

/** App config as plain data (a JsonObject; `@backstage/types` is not a dependency here). */
export type ConfigData = NonNullable<
  NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data']
>;

/** The example organisation: alice (team-payments), bob (team-search), carol (admin). */
export const ORG_FILE = resolvePath(
  __dirname,
  '../../../../examples/catalog/org.yaml',
);
export const FIXTURES = resolvePath(__dirname, 'fixtures');

/** A static external-access token: a backend service, as another system calling in. */
export const SERVICE_TOKEN = 'team-label-test-service-token-0123456789';

export const LABEL_KEY = 'platform.bookstore.io/team';

/**
 * Config for a backend whose users sign in through the oauth2Proxy provider, i.e. as if
 * the portal ran behind oauth2-proxy, which sets the trusted x-forwarded-* headers.
 */
export function teamLabelConfig(options: {
  locations: string[];
  /** Hosts (host:port) that `url` locations may be read from. */
  readableHosts?: string[];
  /** `backend.database`; SQLite in memory by default. */
  database?: ConfigData;
  overrides?: ConfigData;
}): ConfigData {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl: 'http://localhost:7007',
      database: options.database ?? {
        client: 'better-sqlite3',
        connection: ':memory:',
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: SERVICE_TOKEN, subject: 'team-label-test' },
          },
        ],
      },
      // Actions from the actions registry of these plugins are offered to templates.
      actions: { pluginSources: ['bookstore'] },
      reading: {
        allow: (options.readableHosts ?? []).map(host => ({ host })),
      },
    },
    // People sign in as if behind oauth2-proxy, which sets trusted x-forwarded-* headers.
    ...oauth2ProxySignInForTests,
    permission: {
      enabled: true,
      teamLabel: {
        labelKey: LABEL_KEY,
        adminGroups: ['group:default/portal-admins'],
      },
    },
    catalog: {
      rules: [
        { allow: ['Component', 'Group', 'User', 'Template', 'Location'] },
      ],
      locations: options.locations.map(target => ({ type: 'file', target })),
    },
    ...options.overrides,
  };
}

/**
 * Starts the catalog, scaffolder, permission and auth plugins with the real auth
 * services (tokens issued by the auth backend and checked as in production).
 * `policy` replaces the team-label policy module (the benchmark swaps policies); the
 * catalog keeps the team-label rule and Template kind either way.
 */
export function startTeamLabelBackend(options: {
  config: ConfigData;
  policy?: BackendFeature;
  features?: BackendFeature[];
}) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleOauth2ProxyProvider,
      authModuleTransitiveGroupOwnership,
      catalogPlugin,
      scaffolderPlugin,
      permissionPlugin,
      ...(options.policy
        ? [
            options.policy,
            catalogModuleTeamLabelRules,
            catalogModuleTeamTemplateEntityModel,
          ]
        : [teamLabelPolicy]),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({ data: options.config }),
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
    ],
  });
}

/** Serves one file over HTTP, as a git host would serve a catalog-info.yaml. */
export async function serveFile(
  path: string,
): Promise<{ url: string; host: string; close(): Promise<void> }> {
  const content = await readFile(path, 'utf8');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/yaml' });
    res.end(content);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}/${basename(path)}`,
    host,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Names of the entities the token's holder can list. */
export async function listedNames(
  server: Server,
  token: string,
  filter?: string,
): Promise<string[]> {
  return (await listEntities(server, token, filter)).map(e => e.metadata.name);
}
