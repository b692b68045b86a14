import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applicationEntities,
  componentNames,
  eventually,
  REFRESH_TASK,
  startCatalogBackend,
} from './__testUtils__/catalogBackend';
import {
  application,
  FakeArgoCd,
  startFakeArgoCd,
} from './__testUtils__/fakeArgoCd';
import catalogModuleArgoCdApplications from '.';

jest.setTimeout(60_000);

describe('catalogModuleArgoCdApplications in a catalog backend', () => {
  let argo: FakeArgoCd;
  let dir: string;

  beforeAll(async () => {
    argo = await startFakeArgoCd({
      token: 'argo-token',
      applications: [
        application('payments', { kubernetesId: 'payments-gateway' }),
        application('legacy-batch'),
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'argocd-applications-'));
    writeFileSync(
      join(dir, 'components.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-gateway
  annotations:
    backstage.io/kubernetes-id: payments-gateway
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
`,
    );
  });
  afterAll(async () => {
    await argo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads no Argo CD and writes nothing while the backend starts, nor after its start failed', async () => {
    argo.requests.length = 0;
    const failing = createBackendPlugin({
      pluginId: 'failing',
      register(env) {
        env.registerInit({
          deps: {},
          async init() {
            throw new Error('the failing plugin could not start');
          },
        });
      },
    });
    await expect(
      startCatalogBackend(
        [{ name: 'prod', url: argo.url, token: 'argo-token' }],
        [],
        [failing],
      ),
    ).rejects.toThrow('the failing plugin could not start');
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(argo.requests).toEqual([]);
  });

  it('serves every Application over the catalog API, the claimed one owned by its Component’s team, and keeps up by streaming', async () => {
    const { backend, scheduler } = await startCatalogBackend(
      [{ name: 'prod', url: argo.url, token: 'argo-token' }],
      [{ type: 'file', target: join(dir, 'components.yaml') }],
    );
    try {
      const summary = (
        entities: Awaited<ReturnType<typeof applicationEntities>>,
      ) =>
        entities
          .map(e => ({
            name: e.metadata.name,
            owner: e.spec?.owner,
            claimed: e.metadata.labels?.['argocd.bookstore.io/claimed'],
            dependencyOf: e.relations
              ?.filter(r => r.type === 'dependencyOf')
              .map(r => r.targetRef),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      const claimed = {
        name: 'prod-payments',
        owner: 'group:default/team-payments',
        claimed: 'true',
        dependencyOf: ['component:default/payments-gateway'],
      };
      const ghost = {
        name: 'prod-legacy-batch',
        owner: 'group:default/platform-team',
        claimed: 'false',
        dependencyOf: [],
      };
      await eventually(
        () => applicationEntities(backend.server),
        entities => entities.length === 2,
      );
      // The claims are read at each full run: the next one sees the Component.
      await eventually(
        () => componentNames(backend.server),
        names => names.includes('payments-gateway'),
      );
      const run = scheduler.waitForTask(REFRESH_TASK);
      await scheduler.triggerTask(REFRESH_TASK);
      await run;
      await eventually(
        () => applicationEntities(backend.server),
        entities =>
          JSON.stringify(summary(entities)) ===
          JSON.stringify([ghost, claimed]),
      );

      const changed = Date.now();
      argo.put(application('checkout'));
      argo.remove('legacy-batch');
      const after = await eventually(
        () => applicationEntities(backend.server),
        entities =>
          entities
            .map(e => e.metadata.name)
            .sort()
            .join() === 'prod-checkout,prod-payments',
      );
      process.stdout.write(
        `a new Argo CD Application (and a deleted one) in the catalog ${
          Date.now() - changed
        } ms after the change in Argo CD (read from its stream)\n`,
      );
      expect(summary(after)).toEqual([
        { ...ghost, name: 'prod-checkout' },
        claimed,
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('adds no provider and logs no error without catalog.providers.argocdApplications', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleArgoCdApplications,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            argocd: { appLocatorMethods: [{ type: 'config', instances: [] }] },
          },
        }),
      ],
    });
    try {
      expect(logger.error).not.toHaveBeenCalled();
    } finally {
      await backend.stop();
    }
  });
});
