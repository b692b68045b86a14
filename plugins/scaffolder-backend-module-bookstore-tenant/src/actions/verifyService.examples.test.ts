import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'yaml';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { readGitopsConfig } from '../lib/readGitopsConfig';
import { createVerifyServiceAction } from './verifyService';
import { examples } from './verifyService.examples';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'bookstore-platform', namespace: 'default' },
    spec: { owner: 'platform-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'bookstore-tenant', owner: 'group:default/team-payments' },
  },
];

/** What the golden path renders for an example's input. */
function rendered(input: Record<string, any>): Record<string, string> {
  const tenant =
    input.tenantMode === 'new'
      ? input.tenantName
      : input.existingTenant.split('/').pop();
  const app = `bookstore-${input.name}-${input.region}`;
  const files: Record<string, string> = {
    'catalog-info.yaml': yaml.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: input.name,
        description: `The ${input.name} service.`,
        annotations: {
          'github.com/project-slug': `bookstore-platform/${input.name}`,
          'backstage.io/techdocs-ref': 'dir:.',
          'argocd/app-name': app,
          'backstage.io/kubernetes-id': input.name,
          'prometheus.io/rule': `${input.name}.rules`,
          ...(input.pagerdutyServiceId
            ? { 'pagerduty.com/service-id': input.pagerdutyServiceId }
            : {}),
          'platform.bookstore.io/tenant': tenant,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: input.owner,
        system: input.system,
        ...(input.needsDatabase
          ? { dependsOn: ['resource:cnpg-postgres'] }
          : {}),
      },
    }),
    [`gitops/apps/${input.name}-${input.region}.yaml`]: yaml.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: app, namespace: 'argocd' },
      spec: {
        destination: {
          name: input.region,
          namespace: `${tenant}-${input.region}`,
        },
      },
    }),
  };
  if (input.tenantMode === 'new') {
    files[`gitops/tenants/${tenant}.yaml`] = yaml.stringify({
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'BookstoreTenant',
      metadata: {
        name: tenant,
        namespace: 'bookstore-tenants',
        labels: { 'platform.bookstore.io/team': 'team-payments' },
      },
      spec: {
        parameters: {
          owner: 'team-payments',
          tier: 'starter',
          regions: [input.region],
        },
      },
    });
  }
  return files;
}

describe('bookstore:service:verify examples', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'verify-examples-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(examples.map((e, i) => [e.description, i] as const))(
    '%s',
    async (_, index) => {
      const action = createVerifyServiceAction({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        permissions: mockServices.permissions.mock(),
        userInfo: mockServices.userInfo({
          ownershipEntityRefs: [
            'user:default/alice',
            'group:default/team-payments',
          ],
        }),
        publish: localPublishConfig(join(root, 'git')),
        gitops: readGitopsConfig(
          new ConfigReader({}),
          localPublishConfig(join(root, 'git')),
        ),
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      });
      const step = yaml.parse(examples[index].example).steps[0];
      expect(step.action).toBe(action.id);
      const workspacePath = join(root, 'workspace');
      for (const [path, content] of Object.entries(rendered(step.input))) {
        await mkdir(dirname(join(workspacePath, path)), { recursive: true });
        await writeFile(join(workspacePath, path), content);
      }
      const ctx = Object.assign(
        createMockActionContext({ input: step.input, workspacePath }),
        {
          getInitiatorCredentials: async () =>
            mockCredentials.user('user:default/alice'),
        },
      );
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        `component:default/${step.input.name}`,
      );
    },
  );
});
