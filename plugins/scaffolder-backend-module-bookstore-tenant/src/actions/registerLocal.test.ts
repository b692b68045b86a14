import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import {
  componentYaml,
  entitiesNamed,
  startLocalGitCatalog,
  writeWorkingCopy,
} from '../__testUtils__/localGitCatalog';
import { TaskCancelledError } from '../lib/taskCancellation';
import { createRegisterLocalAction } from './registerLocal';

jest.setTimeout(60_000);

const API_AND_COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: notifications-api
spec: { type: openapi, lifecycle: experimental, owner: team-orders, definition: x }
---
${componentYaml('notifications')}`;

describe('bookstore:catalog:register-local against a real catalog', () => {
  let directory: string;
  let started: Awaited<ReturnType<typeof startLocalGitCatalog>>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'register-local-'));
    started = await startLocalGitCatalog(directory);
  });
  afterAll(async () => {
    await started?.backend.stop();
    await rm(directory, { recursive: true, force: true });
  });

  function action() {
    return createRegisterLocalAction({
      catalog: started.catalog,
      publish: localPublishConfig(directory),
    });
  }

  function context(
    catalogInfoPath: string,
    isDryRun = false,
    signal?: AbortSignal,
  ) {
    const ctx = createMockActionContext({
      workspacePath: tmpdir(),
      input: { catalogInfoPath },
    });
    return { ...ctx, isDryRun, signal };
  }

  async function locationTargets(): Promise<string[]> {
    const response = await request(started.backend.server)
      .get('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header());
    return response.body.map(
      (l: { data: { type: string; target: string } }) =>
        `${l.data.type}:${l.data.target}`,
    );
  }

  it("registers the repository as its own location and outputs the Component's ref", async () => {
    await writeWorkingCopy(directory, 'notifications', API_AND_COMPONENT);
    const ctx = context(join(directory, 'notifications', 'catalog-info.yaml'));
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/notifications',
    );
    expect(await locationTargets()).toContain(
      'bookstore-local-git:notifications',
    );
    expect(
      await entitiesNamed(started.backend.server, [
        'notifications',
        'notifications-api',
      ]),
    ).toHaveLength(2);
  });

  it('registers again without error, as a retried task does', async () => {
    await writeWorkingCopy(directory, 'again', componentYaml('again'));
    const path = join(directory, 'again', 'catalog-info.yaml');
    await action().handler(context(path));
    const ctx = context(path);
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/again',
    );
  });

  it('fails on a file the catalog cannot parse, and registers nothing', async () => {
    await writeWorkingCopy(
      directory,
      'broken',
      'kind: Component\nmetadata: { name: broken\n',
    );
    const path = join(directory, 'broken', 'catalog-info.yaml');
    const ctx = context(path);
    await expect(action().handler(ctx)).rejects.toThrow(
      `catalogInfoPath: the catalog refused ${path}, nothing was registered:`,
    );
    await expect(action().handler(context(path))).rejects.toThrow('YAML error');
    expect(ctx.output).not.toHaveBeenCalledWith('entityRef', expect.anything());
    expect(await locationTargets()).not.toContain('bookstore-local-git:broken');
  });

  it('fails on a kind that published repositories may not define, and registers nothing', async () => {
    await writeWorkingCopy(
      directory,
      'sneaky',
      `${componentYaml('sneaky')}---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: sneaky-admins }
spec: { type: team, parent: portal-admins, children: [], members: [bob] }
`,
    );
    const path = join(directory, 'sneaky', 'catalog-info.yaml');
    await expect(action().handler(context(path))).rejects.toThrow(
      'Entity group:default/sneaky-admins at bookstore-local-git:sneaky, originated at bookstore-local-git:sneaky, is not of an allowed kind for that location',
    );
    expect(await locationTargets()).not.toContain('bookstore-local-git:sneaky');
  });

  it('fails on a file without entities', async () => {
    await writeWorkingCopy(directory, 'empty', '# empty\n');
    await expect(
      action().handler(context(join(directory, 'empty', 'catalog-info.yaml'))),
    ).rejects.toThrow(
      new InputError(
        `catalogInfoPath: ${join(
          directory,
          'empty',
          'catalog-info.yaml',
        )} holds no catalog entity, nothing was registered`,
      ),
    );
  });

  it.each([
    ['outside the directory', '/etc/catalog-info.yaml'],
    ['not a catalog-info.yaml', 'notifications/mkdocs.yml'],
    ['too deep', 'notifications/docs/catalog-info.yaml'],
    ['in a directory that is no repository name', '.git/catalog-info.yaml'],
  ])('refuses a path %s', async (_case, path) => {
    const catalogInfoPath = path.startsWith('/') ? path : join(directory, path);
    await expect(action().handler(context(catalogInfoPath))).rejects.toThrow(
      new InputError(
        `catalogInfoPath: ${catalogInfoPath} is not the catalog-info.yaml of a working copy in ${directory}`,
      ),
    );
  });

  it('checks with the catalog and registers nothing in a dry run', async () => {
    await writeWorkingCopy(directory, 'dry', componentYaml('dry'));
    const ctx = context(join(directory, 'dry', 'catalog-info.yaml'), true);
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/dry',
    );
    expect(await locationTargets()).not.toContain('bookstore-local-git:dry');
  });

  it('contacts nothing in a dry run before anything was published', async () => {
    const ctx = context(
      join(directory, 'unpublished', 'catalog-info.yaml'),
      true,
    );
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      join(directory, 'unpublished', 'catalog-info.yaml'),
    );
    expect(ctx.output).not.toHaveBeenCalledWith('entityRef', expect.anything());
  });

  it('registers nothing in a cancelled task', async () => {
    await writeWorkingCopy(directory, 'cancelled', componentYaml('cancelled'));
    const ctx = context(
      join(directory, 'cancelled', 'catalog-info.yaml'),
      false,
      AbortSignal.abort(),
    );
    await expect(action().handler(ctx)).rejects.toThrow(
      new TaskCancelledError('The task was cancelled; nothing was registered'),
    );
    expect(await locationTargets()).not.toContain(
      'bookstore-local-git:cancelled',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
