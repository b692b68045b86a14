import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleBookstoreLocalGit } from './module';
import {
  componentYaml,
  entitiesNamed,
  startLocalGitCatalog,
  writeWorkingCopy,
} from '../__testUtils__/localGitCatalog';

jest.setTimeout(60_000);

describe('catalogModuleBookstoreLocalGit in a catalog backend', () => {
  let directory: string;
  let started: Awaited<ReturnType<typeof startLocalGitCatalog>>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-git-catalog-'));
    started = await startLocalGitCatalog(directory);
  });
  afterAll(async () => {
    await started?.backend.stop();
    await rm(directory, { recursive: true, force: true });
  });

  function register(type: string, target: string, dryRun = false) {
    return request(started.backend.server)
      .post('/api/catalog/locations')
      .query(dryRun ? { dryRun: 'true' } : {})
      .set('Authorization', mockCredentials.user.header())
      .send({ type, target });
  }

  it('reads a published repository as its own location, its entities managed by the file', async () => {
    await writeWorkingCopy(
      directory,
      'notifications',
      componentYaml('notifications'),
    );
    const response = await register('bookstore-local-git', 'notifications');
    expect(response.status).toBe(201);
    const [entity] = await entitiesNamed(started.backend.server, [
      'notifications',
    ]);
    expect(entity?.metadata.annotations).toMatchObject({
      [ANNOTATION_LOCATION]: `file:${join(
        directory,
        'notifications',
        'catalog-info.yaml',
      )}`,
      [ANNOTATION_ORIGIN_LOCATION]: 'bookstore-local-git:notifications',
    });
  });

  it('keeps reading later repositories when an earlier one stops parsing', async () => {
    await writeWorkingCopy(directory, 'first', componentYaml('first'));
    expect((await register('bookstore-local-git', 'first')).status).toBe(201);
    expect(await entitiesNamed(started.backend.server, ['first'])).toHaveLength(
      1,
    );
    await writeFile(
      join(directory, 'first', 'catalog-info.yaml'),
      'kind: Component\nmetadata: { name: first\n',
    );
    await writeWorkingCopy(directory, 'third', componentYaml('third'));
    expect((await register('bookstore-local-git', 'third')).status).toBe(201);
    expect(await entitiesNamed(started.backend.server, ['third'])).toHaveLength(
      1,
    );
  });

  it('refuses in a dry run a file that does not parse, or holds a kind the rules do not allow', async () => {
    await writeWorkingCopy(
      directory,
      'broken',
      'kind: Component\nmetadata: { name: broken\n',
    );
    const broken = await register('bookstore-local-git', 'broken', true);
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain('YAML error');

    await writeWorkingCopy(
      directory,
      'grouped',
      `${componentYaml('grouped')}---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: grouped-admins }
spec: { type: team, children: [] }
`,
    );
    const grouped = await register('bookstore-local-git', 'grouped', true);
    expect(grouped.status).toBe(400);
    expect(grouped.body.error.message).toContain(
      'Entity group:default/grouped-admins at bookstore-local-git:grouped, originated at bookstore-local-git:grouped, is not of an allowed kind for that location',
    );
  });

  it.each([
    ['a path', '../notifications', 'Invalid bookstore-local-git location'],
    ['an absolute path', '/etc', 'Invalid bookstore-local-git location'],
    [
      'a repository that was not published',
      'never-published',
      'bookstore-local-git never-published: ',
    ],
  ])('refuses a target that is %s', async (_case, target, message) => {
    const response = await register('bookstore-local-git', target, true);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('reads no working copy whose file links outside the directory', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'local-git-outside-'));
    try {
      await writeFile(
        join(outside, 'catalog-info.yaml'),
        componentYaml('outside'),
      );
      await writeWorkingCopy(directory, 'linked', '');
      await rm(join(directory, 'linked', 'catalog-info.yaml'));
      await symlink(
        join(outside, 'catalog-info.yaml'),
        join(directory, 'linked', 'catalog-info.yaml'),
      );
      const response = await register('bookstore-local-git', 'linked', true);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('links outside');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('still refuses file locations at the catalog API', async () => {
    await writeWorkingCopy(directory, 'filed', componentYaml('filed'));
    const response = await register(
      'file',
      join(directory, 'filed', 'catalog-info.yaml'),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Registered locations must be of an allowed type ["url","bookstore-local-git"]',
    );
  });
});

describe('catalogModuleBookstoreLocalGit when the portal publishes to GitHub', () => {
  it('adds no location type', async () => {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleBookstoreLocalGit,
        mockServices.rootConfig.factory({
          data: { bookstore: { publish: { target: 'github' } } },
        }),
      ],
    });
    try {
      const response = await request(backend.server)
        .post('/api/catalog/locations')
        .query({ dryRun: 'true' })
        .set('Authorization', mockCredentials.user.header())
        .send({ type: 'bookstore-local-git', target: 'notifications' });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'Registered locations must be of an allowed type ["url"]',
      );
    } finally {
      await backend.stop();
    }
  });
});
