/*
 * How fast GitHub discovery, templates from git and the Keycloak sync reach the catalog, against
 * the local fakes of the backend's tests (packages/backend/src/__testUtils__/fakeGithub.ts,
 * fakeKeycloak.ts).
 *
 *   source scripts/node-env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog-sources.ts [--rounds 5]
 *   yarn tsc -p bench        # type-checks this file
 *
 * The portal's backend (local config, SQLite) with the GitHub provider and the Keycloak provider
 * scheduled every second (production: every 30 min, which adds up to that much) and the
 * templates' url location. Prints, per --rounds: the time from a new repository with a
 * catalog-info.yaml in the fake until its Component is in the catalog API; from a template change
 * on main and the location's refresh until the new title is listed; from a new Keycloak user
 * until the User is listed; and, with both fakes answering 503 for three runs, whether every
 * entity stayed. The Argo CD figures: bench/argocd-applications.ts.
 */
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { listEntities } from '../packages/backend/src/__testUtils__/catalogClient';
import {
  componentYaml,
  startFakeGithub,
  templateYaml,
} from '../packages/backend/src/__testUtils__/fakeGithub';
import { startFakeKeycloak } from '../packages/backend/src/__testUtils__/fakeKeycloak';
import { startPortalBackend } from '../packages/backend/src/__testUtils__/portalBackend';
import { loadPortalConfig } from '../packages/backend/src/__testUtils__/portalConfig';
import { serviceTokenAccess } from '../packages/backend/src/__testUtils__/securityBackend';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args[at + 1]) : 5;
const TOKEN = 'catalog-sources-bench-token-0123456789';
const TEMPLATE_PATH = 'templates/new-bookstore-service/template.yaml';

const schedule = { frequency: { seconds: 1 }, timeout: { minutes: 1 } };

async function until(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within 120 s');
    await new Promise(r => setTimeout(r, 50));
  }
  return performance.now() - started;
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${sorted[Math.floor((sorted.length - 1) / 2)].toFixed(
    0,
  )} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (${
    values.length
  } rounds)`;
};

async function main() {
  const github = await startFakeGithub({
    organization: 'bookstore',
    appId: 4711,
    repositories: [
      {
        name: 'bookstore-portal',
        files: { [TEMPLATE_PATH]: templateYaml('v0') },
      },
    ],
  });
  const keycloak = await startFakeKeycloak({
    realm: 'bookstore',
    clientId: 'catalog',
    clientSecret: 'secret',
    users: [],
    groups: [{ id: 'g-1', name: 'payments-team', members: [] }],
  });
  const target = `https://${github.host}/bookstore/bookstore-portal/blob/main/templates/*/template.yaml`;
  const config = await loadPortalConfig(
    ['app-config.yaml'],
    [
      serviceTokenAccess(TOKEN, 'catalog-sources-bench'),
      github.integrationConfig,
      {
        catalog: {
          locations: [
            { type: 'url', target, rules: [{ allow: ['Template'] }] },
          ],
          providers: {
            github: {
              bench: {
                host: github.host,
                organization: 'bookstore',
                filters: { branch: 'main' },
                schedule,
              },
            },
            keycloakOrg: {
              bench: {
                baseUrl: keycloak.baseUrl,
                realm: 'bookstore',
                loginRealm: 'bookstore',
                clientId: 'catalog',
                clientSecret: 'secret',
                schedule,
              },
            },
          },
        },
      },
    ],
  );
  const backend = await startPortalBackend(config);
  const names = (kind: string) =>
    listEntities(backend.server, TOKEN, `kind=${kind}`).then(all =>
      all.map(e => e.metadata.title ?? e.metadata.name),
    );
  try {
    await until(async () => (await names('template')).includes('v0'));
    const [location] = await listEntities(
      backend.server,
      TOKEN,
      `kind=location,spec.target=${target}`,
    );
    const repository: number[] = [];
    const templateChange: number[] = [];
    const user: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      github.state.repositories.push({
        name: `service-${i}`,
        files: { 'catalog-info.yaml': componentYaml(`service-${i}`) },
      });
      repository.push(
        await until(async () =>
          (await names('component')).includes(`service-${i}`),
        ),
      );

      const changed = performance.now();
      github.state.repositories[0].files[TEMPLATE_PATH] = templateYaml(`v${i}`);
      await request(backend.server)
        .post('/api/catalog/refresh')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ entityRef: `location:default/${location.metadata.name}` });
      await until(async () => (await names('template')).includes(`v${i}`));
      templateChange.push(performance.now() - changed);

      keycloak.state.users.push({
        id: `u-${i}`,
        username: `person-${i}`,
        email: `person-${i}@bookstore.test`,
      });
      user.push(
        await until(async () => (await names('user')).includes(`person-${i}`)),
      );
    }
    console.log(`new repository → Component listed: ${summary(repository)}`);
    console.log(
      `template change on main + refresh → listed: ${summary(templateChange)}`,
    );
    console.log(`new Keycloak user → User listed: ${summary(user)}`);

    const before = {
      components: (await names('component')).length,
      users: (await names('user')).length,
      groups: (await names('group')).length,
      templates: (await names('template')).length,
    };
    github.state.failing = true;
    keycloak.state.failing = true;
    const [g, k] = [github.state.requests, keycloak.state.requests];
    await until(
      async () =>
        github.state.requests >= g + 3 && keycloak.state.requests >= k + 3,
    );
    const after = {
      components: (await names('component')).length,
      users: (await names('user')).length,
      groups: (await names('group')).length,
      templates: (await names('template')).length,
    };
    console.log(
      `both sources down for 3+ runs: before ${JSON.stringify(
        before,
      )}, after ${JSON.stringify(after)}`,
    );
  } finally {
    await backend.stop();
    await github.close();
    await keycloak.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
