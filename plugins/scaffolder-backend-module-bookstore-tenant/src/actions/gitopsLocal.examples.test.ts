import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { readGitopsConfig } from '../lib/readGitopsConfig';
import { readTenantsConfig } from '../lib/readTenantsConfig';
import { renderClaim } from '../lib/renderClaim';
import { createGitopsLocalAction } from './gitopsLocal';
import { examples } from './gitopsLocal.examples';

describe('bookstore:gitops:local examples', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gitops-local-examples-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('commits a new tenant, then a service of the existing tenant', async () => {
    const tenants = readTenantsConfig(new ConfigReader({}));
    const publish = localPublishConfig(join(root, 'git'));
    const action = createGitopsLocalAction({
      gitops: readGitopsConfig(new ConfigReader({}), publish),
      tenants,
      config: new ConfigReader({}),
    });
    for (const example of examples) {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const { service, tenant, region, owner } = step.input;
      const workspacePath = join(root, service);
      await mkdir(join(workspacePath, 'gitops'), { recursive: true });
      if (step.input.claimPath) {
        await writeFile(
          join(workspacePath, step.input.claimPath),
          renderClaim({ name: tenant, owner, regions: [region] }, tenants)
            .manifest,
        );
      }
      await writeFile(
        join(workspacePath, step.input.applicationPath),
        yaml.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: `bookstore-${service}-${region}`, namespace: 'argocd' },
          spec: {
            project: 'default',
            source: { repoURL: `file:///git/${service}.git`, targetRevision: 'main', path: 'chart' },
            destination: { name: region, namespace: `${tenant}-${region}` },
          },
        }),
      );
      await action.handler(
        createMockActionContext({ input: step.input, workspacePath }),
      );
    }
    expect(
      execFileSync('git', ['ls-tree', '-r', '--name-only', 'main'], {
        cwd: join(root, 'git', 'platform-gitops.git'),
        encoding: 'utf8',
      }).trim(),
    ).toBe('apps/invoices-us-east.yaml\napps/orders-eu-west.yaml\ntenants/payments.yaml');
  });
});
