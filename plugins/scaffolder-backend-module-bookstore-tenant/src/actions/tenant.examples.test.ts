import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validateTenantClaim } from '@internal/plugin-bookstore-tenant-common';
import {
  FakeKubernetesApi,
  startFakeKubernetesApi,
  testAuthStrategy,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { TenantsConfig } from '../lib/readTenantsConfig';
import { createBookstoreTenantAction } from './tenant';
import { examples } from './tenant.examples';
import { createBookstoreTenantApplyAction } from './tenantApply';
import { examples as applyExamples } from './tenantApply.examples';

const groups: Entity[] = ['team-payments', 'team-search'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

describe('bookstore:tenant and bookstore:tenant:apply examples', () => {
  let api: FakeKubernetesApi;
  let workspacePath: string;
  let tenants: TenantsConfig;

  beforeAll(async () => {
    api = await startFakeKubernetesApi();
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    api.reset();
    workspacePath = await mkdtemp(join(tmpdir(), 'tenant-examples-'));
    const cluster = {
      name: 'control-plane',
      url: api.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: 'token',
      skipTLSVerify: true,
      configKey: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
    };
    tenants = {
      defaultTier: 'starter',
      claimNamespace: 'bookstore-tenants',
      regions: [
        { region: 'us-east', cluster },
        { region: 'eu-west', cluster },
      ],
      teamLabel: 'platform.bookstore.io/team',
      fieldManager: 'bookstore-portal',
      requestTimeoutMs: 2000,
    };
  });
  afterEach(async () => {
    await rm(workspacePath, { recursive: true, force: true });
  });

  async function run(index: number, apply = false) {
    const catalog = catalogServiceMock({ entities: groups });
    const action = apply
      ? createBookstoreTenantApplyAction({
          catalog,
          tenants,
          authStrategy: testAuthStrategy(),
        })
      : createBookstoreTenantAction({ catalog, tenants });
    const step = yaml.parse((apply ? applyExamples : examples)[index].example)
      .steps[0];
    expect(step.action).toBe(action.id);
    const ctx = createMockActionContext({ input: step.input, workspacePath });
    await action.handler(ctx);
    return ctx;
  }

  it('renders the claim into the GitOps change', async () => {
    const ctx = await run(0);
    const claim = yaml.parse(
      await readFile(
        join(workspacePath, 'gitops/tenants/acme-books.yaml'),
        'utf8',
      ),
    );
    expect(validateTenantClaim(claim)).toEqual([]);
    expect(claim.spec.parameters).toEqual({
      owner: 'team-payments',
      displayName: 'Acme Books',
      tier: 'standard',
      regions: ['us-east', 'eu-west'],
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'gitops/tenants/acme-books.yaml',
    );
    expect(api.requests).toEqual([]);
  });

  it('takes the default tier from config', async () => {
    await run(1);
    const claim = yaml.parse(
      await readFile(join(workspacePath, 'deploy/tenant.yaml'), 'utf8'),
    );
    expect(claim.spec.parameters.tier).toBe('starter');
  });

  it('applies the claim to the cluster of its regions (bookstore:tenant:apply)', async () => {
    const ctx = await run(0, true);
    expect(api.requests.map(r => r.method)).toEqual(['GET', 'PATCH']);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({
        cluster: 'control-plane',
        regions: ['us-east', 'eu-west'],
        name: 'acme-books',
      }),
    ]);
  });
});
