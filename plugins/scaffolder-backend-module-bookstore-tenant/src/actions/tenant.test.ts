import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validateTenantClaim } from '@internal/plugin-bookstore-tenant-common';
import { KubernetesClusterConfig } from '@internal/plugin-bookstore-tenant-node';
import {
  FakeKubernetesApi,
  rejectionOf,
  startFakeKubernetesApi,
  testAuthStrategy,
} from '@internal/plugin-bookstore-tenant-node/testUtils';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TenantsConfig } from '../lib/readTenantsConfig';
import { TaskCancelledError } from '../lib/taskCancellation';
import { createBookstoreTenantAction } from './tenant';
import { createBookstoreTenantApplyAction } from './tenantApply';

const CLAIM_PATH =
  '/apis/platform.bookstore.io/v1alpha1/namespaces/bookstore-tenants/bookstoretenants/acme-books';

const groups: Entity[] = ['team-payments', 'team-search'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

function tenantResource(owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'acme-books', namespace: 'default' },
    spec: { type: 'bookstore-tenant', owner },
  };
}

function cluster(name: string, url: string): KubernetesClusterConfig {
  return {
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: `${name}-token`,
    // The Kubernetes client refuses plain HTTP unless verification is off.
    skipTLSVerify: true,
    configKey: `kubernetes.clusterLocatorMethods[0].clusters[${name}]`,
  };
}

const input = {
  name: 'acme-books',
  owner: 'group:default/team-payments',
  displayName: 'Acme Books',
  tier: 'standard' as const,
  regions: ['us-east' as const, 'eu-west' as const],
};

describe('bookstore:tenant', () => {
  let usEast: FakeKubernetesApi;
  let euWest: FakeKubernetesApi;
  let workspacePath: string;
  let tenants: TenantsConfig;

  beforeAll(async () => {
    usEast = await startFakeKubernetesApi({ token: 'us-east-1-token' });
    euWest = await startFakeKubernetesApi({ token: 'eu-west-1-token' });
  });
  afterAll(async () => {
    await usEast.close();
    await euWest.close();
  });
  beforeEach(async () => {
    usEast.reset();
    euWest.reset();
    workspacePath = await mkdtemp(join(tmpdir(), 'tenant-action-'));
    tenants = {
      defaultTier: 'starter',
      claimNamespace: 'bookstore-tenants',
      regions: [
        { region: 'us-east', cluster: cluster('us-east-1', usEast.url) },
        { region: 'eu-west', cluster: cluster('eu-west-1', euWest.url) },
        { region: 'ap-southeast' },
      ],
      teamLabel: 'platform.bookstore.io/team',
      fieldManager: 'bookstore-portal',
      requestTimeoutMs: 300,
    };
  });
  afterEach(async () => {
    await rm(workspacePath, { recursive: true, force: true });
  });

  function setup(entities: Entity[] = groups) {
    const catalog = catalogServiceMock({ entities });
    const action = createBookstoreTenantAction({ catalog, tenants });
    const applyAction = createBookstoreTenantApplyAction({
      catalog,
      tenants,
      authStrategy: testAuthStrategy(),
    });
    const logger = mockServices.logger.mock();
    const context = (actionInput: object, extra: object = {}) => {
      const ctx = createMockActionContext({
        input: actionInput as any,
        workspacePath,
        logger,
      });
      return Object.assign(ctx, {
        output: jest.fn(),
        checkpoint: jest.fn(ctx.checkpoint),
        ...extra,
      });
    };
    return { action, applyAction, context, logger, catalog };
  }

  describe('writing the claim for GitOps', () => {
    it('writes the claim into the workspace and contacts no cluster', async () => {
      const { action, context } = setup();
      const ctx = context({ ...input, path: 'deploy/tenant.yaml' });
      await action.handler(ctx);

      const manifest = await readFile(
        join(workspacePath, 'deploy/tenant.yaml'),
        'utf8',
      );
      const claim = parse(manifest);
      expect(validateTenantClaim(claim)).toEqual([]);
      expect(claim).toEqual({
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'BookstoreTenant',
        metadata: {
          name: 'acme-books',
          namespace: 'bookstore-tenants',
          labels: { 'platform.bookstore.io/team': 'team-payments' },
        },
        spec: {
          parameters: {
            owner: 'team-payments',
            displayName: 'Acme Books',
            tier: 'standard',
            regions: ['us-east', 'eu-west'],
          },
        },
      });
      expect(ctx.output.mock.calls).toEqual([
        ['name', 'acme-books'],
        ['owner', 'team-payments'],
        ['manifest', manifest],
        ['path', 'deploy/tenant.yaml'],
      ]);
      expect(ctx.checkpoint).not.toHaveBeenCalled();
      expect(usEast.requests).toEqual([]);
      expect(euWest.requests).toEqual([]);
    });

    it('writes to deploy/tenant.yaml by default and fills in the default tier', async () => {
      const { action, context } = setup();
      const ctx = context({
        name: 'paperbacks',
        owner: 'team-search',
        regions: ['ap-southeast'],
      });
      await action.handler(ctx);
      const claim = parse(
        await readFile(join(workspacePath, 'deploy/tenant.yaml'), 'utf8'),
      );
      expect(claim.spec.parameters).toEqual({
        owner: 'team-search',
        tier: 'starter',
        regions: ['ap-southeast'],
      });
    });

    it('changes nothing when run twice with the same input', async () => {
      const { action, context } = setup();
      const first = context(input);
      await action.handler(first);
      const before = await readFile(
        join(workspacePath, 'deploy/tenant.yaml'),
        'utf8',
      );
      const second = context(input);
      await action.handler(second);
      expect(
        await readFile(join(workspacePath, 'deploy/tenant.yaml'), 'utf8'),
      ).toBe(before);
      expect(second.output.mock.calls).toEqual(first.output.mock.calls);
    });

    it('writes into the dry-run workspace in a dry run', async () => {
      const { action, context } = setup();
      await action.handler(context(input, { isDryRun: true }));
      await expect(
        readFile(join(workspacePath, 'deploy/tenant.yaml'), 'utf8'),
      ).resolves.toContain('kind: BookstoreTenant');
    });

    it('refuses a path outside the workspace', async () => {
      const { action, context } = setup();
      await expect(
        action.handler(context({ ...input, path: '../tenant.yaml' })),
      ).rejects.toThrow(
        'Relative path is not allowed to refer to a directory outside its parent',
      );
    });

    it('refuses a tenant that the catalog says another team owns', async () => {
      const { action, context } = setup([
        ...groups,
        tenantResource('group:default/team-search'),
      ]);
      const error = await rejectionOf(action.handler(context(input)));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        'name: tenant acme-books already exists, owned by team-search (resource:default/acme-books); choose another name',
      );
    });

    it("accepts a tenant the catalog says is the owner's own", async () => {
      const { action, context } = setup([
        ...groups,
        tenantResource('team-payments'),
      ]);
      await expect(action.handler(context(input))).resolves.toBeUndefined();
    });
  });

  describe('bad input', () => {
    it.each([
      [
        'a name that is not DNS-1123',
        { name: 'Acme_Books' },
        'Invalid BookstoreTenant input: name (metadata.name): must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
      ],
      [
        'a name that is too long',
        { name: 'a'.repeat(64) },
        'Invalid BookstoreTenant input: name (metadata.name): must be at most 63 characters, not 64',
      ],
      [
        'an unknown tier',
        { tier: 'gold' },
        'Invalid BookstoreTenant input: tier (spec.parameters.tier): must be one of starter, standard, premium',
      ],
      [
        'a region the XRD does not have',
        { regions: ['us-east', 'mars-north'] },
        'Invalid BookstoreTenant input: regions[1] (spec.parameters.regions[1]): must be one of us-east, eu-west, ap-southeast',
      ],
      [
        'an owner that is not a group',
        { owner: 'user:default/alice' },
        'Invalid BookstoreTenant input: owner (spec.parameters.owner): must be a Group, not a user (user:default/alice)',
      ],
    ])('names the field for %s', async (_case, change, message) => {
      const { action, context } = setup();
      const error = await rejectionOf(
        action.handler(context({ ...input, ...change })),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(message);
    });

    it('names a region this portal does not offer', async () => {
      tenants.regions = tenants.regions.filter(r => r.region !== 'eu-west');
      const { action, context } = setup();
      const error = await rejectionOf(action.handler(context(input)));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        'Invalid BookstoreTenant input: regions[1] (spec.parameters.regions[1]): eu-west is not offered by this portal (offered: us-east, ap-southeast)',
      );
    });

    it('refuses an owner that is not a Group in the catalog', async () => {
      const { action, context } = setup();
      const error = await rejectionOf(
        action.handler(context({ ...input, owner: 'team-nobody' })),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        'owner: group:default/team-nobody is not a Group in the catalog',
      );
    });

    it('writes nothing when the input is bad', async () => {
      const { action, context } = setup();
      await rejectionOf(action.handler(context({ ...input, tier: 'gold' })));
      await expect(
        readFile(join(workspacePath, 'deploy/tenant.yaml')),
      ).rejects.toThrow('ENOENT');
    });
  });

  describe('bookstore:tenant:apply', () => {
    const applyInput = input;

    it('server-side applies the claim to the cluster of each region', async () => {
      const { applyAction: action, context } = setup();
      const ctx = context(applyInput);
      await action.handler(ctx);

      for (const [api, token] of [
        [usEast, 'us-east-1-token'],
        [euWest, 'eu-west-1-token'],
      ] as const) {
        expect(api.requests.map(r => [r.method, r.path])).toEqual([
          ['GET', CLAIM_PATH],
          ['PATCH', CLAIM_PATH],
        ]);
        expect(api.requests[1]).toMatchObject({
          query: { fieldManager: 'bookstore-portal', force: 'false' },
          contentType: 'application/apply-patch+yaml',
          authorization: `Bearer ${token}`,
        });
        expect(validateTenantClaim(api.requests[1].body)).toEqual([]);
      }
      expect(ctx.checkpoint.mock.calls.map(([opts]) => opts.key)).toEqual([
        'apply-us-east-1',
        'apply-eu-west-1',
      ]);
      const applied = ctx.output.mock.calls.find(
        ([n]: [string]) => n === 'applied',
      )![1];
      expect(applied).toEqual([
        {
          cluster: 'us-east-1',
          regions: ['us-east'],
          apiVersion: 'platform.bookstore.io/v1alpha1',
          kind: 'BookstoreTenant',
          namespace: 'bookstore-tenants',
          name: 'acme-books',
          uid: usEast.object(CLAIM_PATH)!.metadata.uid,
          resourceVersion: usEast.object(CLAIM_PATH)!.metadata.resourceVersion,
        },
        {
          cluster: 'eu-west-1',
          regions: ['eu-west'],
          apiVersion: 'platform.bookstore.io/v1alpha1',
          kind: 'BookstoreTenant',
          namespace: 'bookstore-tenants',
          name: 'acme-books',
          uid: euWest.object(CLAIM_PATH)!.metadata.uid,
          resourceVersion: euWest.object(CLAIM_PATH)!.metadata.resourceVersion,
        },
      ]);
    });

    it('changes nothing when run twice with the same input', async () => {
      const { applyAction: action, context } = setup();
      await action.handler(context(applyInput));
      const before = [usEast.object(CLAIM_PATH), euWest.object(CLAIM_PATH)];
      const second = context(applyInput);
      await action.handler(second);
      expect([usEast.object(CLAIM_PATH), euWest.object(CLAIM_PATH)]).toEqual(
        before,
      );
      expect(
        second.output.mock.calls
          .find(([n]: [string]) => n === 'applied')![1]
          .map((a: { resourceVersion: string }) => a.resourceVersion),
      ).toEqual(before.map(o => o!.metadata.resourceVersion));
    });

    it('applies once to a cluster that serves several regions', async () => {
      tenants.regions[1] = {
        region: 'eu-west',
        cluster: tenants.regions[0].cluster,
      };
      const { applyAction: action, context } = setup();
      const ctx = context(applyInput);
      await action.handler(ctx);
      expect(usEast.requests.map(r => r.method)).toEqual(['GET', 'PATCH']);
      expect(euWest.requests).toEqual([]);
      const applied = ctx.output.mock.calls.find(
        ([n]: [string]) => n === 'applied',
      )![1];
      expect(applied).toEqual([
        expect.objectContaining({
          cluster: 'us-east-1',
          regions: ['us-east', 'eu-west'],
        }),
      ]);
    });

    it('applies nothing when a cluster holds the tenant of another team', async () => {
      euWest.seed(
        CLAIM_PATH,
        {
          apiVersion: 'platform.bookstore.io/v1alpha1',
          kind: 'BookstoreTenant',
          metadata: {
            name: 'acme-books',
            namespace: 'bookstore-tenants',
            labels: { 'platform.bookstore.io/team': 'team-search' },
          },
          spec: {
            parameters: {
              owner: 'team-search',
              tier: 'starter',
              regions: ['eu-west'],
            },
          },
        },
        'kubectl',
      );
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(action.handler(context(applyInput)));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        'name: tenant acme-books already exists in region eu-west (cluster eu-west-1), owned by team-search; choose another name. Already applied: none.',
      );
      expect(
        [...usEast.requests, ...euWest.requests].filter(
          r => r.method !== 'GET',
        ),
      ).toEqual([]);
    });

    it('says which regions were applied when a cluster answers 403', async () => {
      euWest.fail({
        status: 403,
        method: 'PATCH',
        message:
          'bookstoretenants.platform.bookstore.io "acme-books" is forbidden: User "system:serviceaccount:backstage:portal" cannot patch resource "bookstoretenants"',
      });
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(action.handler(context(applyInput)));
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        'Applying BookstoreTenant acme-books failed in region eu-west (cluster eu-west-1): 403 Forbidden: bookstoretenants.platform.bookstore.io "acme-books" is forbidden: User "system:serviceaccount:backstage:portal" cannot patch resource "bookstoretenants". Already applied: us-east (cluster us-east-1).',
      );
      expect(usEast.object(CLAIM_PATH)).toBeDefined();
    });

    it('fails with 409 when another field manager owns a field', async () => {
      usEast.seed(
        CLAIM_PATH,
        {
          apiVersion: 'platform.bookstore.io/v1alpha1',
          kind: 'BookstoreTenant',
          metadata: {
            name: 'acme-books',
            namespace: 'bookstore-tenants',
            labels: { 'platform.bookstore.io/team': 'team-payments' },
          },
          spec: { parameters: { tier: 'premium' } },
        },
        'kubectl-edit',
      );
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(action.handler(context(applyInput)));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        'Applying BookstoreTenant acme-books failed in region us-east (cluster us-east-1): 409 Conflict: Apply failed with 1 conflict: conflict with "kubectl-edit": .spec.parameters.tier. Already applied: none.',
      );
    });

    it('names the cluster and status of a 500', async () => {
      euWest.fail({
        status: 500,
        method: 'PATCH',
        message: 'etcdserver: leader changed',
      });
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(action.handler(context(applyInput)));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        'Applying BookstoreTenant acme-books failed in region eu-west (cluster eu-west-1): 500 Internal Server Error: etcdserver: leader changed. Already applied: us-east (cluster us-east-1).',
      );
    });

    it('names the cluster that times out', async () => {
      euWest.hang();
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(action.handler(context(applyInput)));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        'Checking BookstoreTenant acme-books failed in region eu-west (cluster eu-west-1): timed out after 300 ms. Already applied: none.',
      );
    });

    it('says which regions were applied when a cluster stops answering', async () => {
      euWest.hang(true, 'PATCH');
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(action.handler(context(applyInput)));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        'Applying BookstoreTenant acme-books failed in region eu-west (cluster eu-west-1): timed out after 300 ms. Already applied: us-east (cluster us-east-1).',
      );
    });

    it('refuses regions without a cluster', async () => {
      const { applyAction: action, context } = setup();
      const error = await rejectionOf(
        action.handler(
          context({ ...applyInput, regions: ['us-east', 'ap-southeast'] }),
        ),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        'regions: ap-southeast has no cluster to apply to (set bookstore.tenants.regions.<region>.cluster in app-config); use bookstore:tenant to render the claim into the repository instead',
      );
      expect(usEast.requests).toEqual([]);
    });

    it('validates and contacts no cluster in a dry run', async () => {
      const { applyAction: action, context, logger } = setup();
      const ctx = context(applyInput, { isDryRun: true });
      await action.handler(ctx);
      expect(usEast.requests).toEqual([]);
      expect(euWest.requests).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith('applied', []);
      expect(logger.info).toHaveBeenCalledWith(
        'Dry run: BookstoreTenant acme-books is valid and would be applied to us-east (cluster us-east-1); eu-west (cluster eu-west-1); no cluster was contacted',
      );
    });

    it('reuses the checkpoint of a cluster already applied when the task is retried', async () => {
      const { applyAction: action, context } = setup();
      const stored: Record<string, unknown> = {
        'apply-us-east-1': {
          cluster: 'us-east-1',
          regions: ['us-east'],
          apiVersion: 'platform.bookstore.io/v1alpha1',
          kind: 'BookstoreTenant',
          namespace: 'bookstore-tenants',
          name: 'acme-books',
          uid: 'from-the-first-attempt',
          resourceVersion: '7',
        },
      };
      const ctx = context(applyInput, {
        checkpoint: jest.fn(async ({ key, fn }) => stored[key] ?? fn()),
      });
      await action.handler(ctx);
      expect(usEast.requests.map(r => r.method)).toEqual(['GET']);
      expect(euWest.requests.map(r => r.method)).toEqual(['GET', 'PATCH']);
    });
  });

  describe('in a cancelled task', () => {
    it('writes no claim', async () => {
      const { action, context, catalog } = setup();
      const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
      const ctx = context(input, { signal: AbortSignal.abort() });
      await expect(action.handler(ctx)).rejects.toThrow(
        new TaskCancelledError('The task was cancelled; no claim was written'),
      );
      expect(getEntityByRef).not.toHaveBeenCalled();
      expect(existsSync(join(workspacePath, 'deploy/tenant.yaml'))).toBe(false);
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('applies nothing and contacts no cluster', async () => {
      const { applyAction, context } = setup();
      const ctx = context(input, { signal: AbortSignal.abort() });
      await expect(applyAction.handler(ctx)).rejects.toThrow(
        new TaskCancelledError('The task was cancelled; nothing was applied'),
      );
      expect(usEast.requests).toEqual([]);
      expect(euWest.requests).toEqual([]);
    });
  });
});
