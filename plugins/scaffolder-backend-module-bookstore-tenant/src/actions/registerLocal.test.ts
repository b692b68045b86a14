import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishConfig } from '../lib/readPublishConfig';
import { createRegisterLocalAction } from './registerLocal';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: notifications-api
spec: { type: openapi, lifecycle: experimental, owner: team-orders, definition: x }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: notifications
spec: { type: service, lifecycle: experimental, owner: team-orders }
`;

describe('bookstore:catalog:register-local', () => {
  let directory: string;
  let publish: PublishConfig;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'register-local-'));
    publish = localPublishConfig(directory, 'location:default/generated-abc');
    await mkdir(join(directory, 'notifications'));
    await writeFile(
      join(directory, 'notifications', 'catalog-info.yaml'),
      CATALOG_INFO,
    );
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function setup() {
    const catalog = catalogServiceMock.mock();
    return { catalog, action: createRegisterLocalAction({ catalog, publish }) };
  }

  it("refreshes the location of the working copies and outputs the Component's ref", async () => {
    const { catalog, action } = setup();
    const ctx = createMockActionContext({
      workspacePath: tmpdir(),
      input: {
        catalogInfoPath: join(directory, 'notifications', 'catalog-info.yaml'),
      },
    });
    await action.handler(ctx);
    expect(catalog.refreshEntity).toHaveBeenCalledTimes(1);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/generated-abc',
      { credentials: await ctx.getInitiatorCredentials() },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/notifications',
    );
  });

  it.each([
    ['outside the directory', '/etc/catalog-info.yaml'],
    ['not a catalog-info.yaml', 'notifications/mkdocs.yml'],
    ['too deep', 'notifications/docs/catalog-info.yaml'],
  ])('refuses a path %s', async (_case, path) => {
    const { catalog, action } = setup();
    const catalogInfoPath = path.startsWith('/') ? path : join(directory, path);
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: tmpdir(),
          input: { catalogInfoPath },
        }),
      ),
    ).rejects.toThrow(
      new InputError(
        `catalogInfoPath: ${catalogInfoPath} is not the catalog-info.yaml of a working copy in ${directory}`,
      ),
    );
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
  });

  it('refuses a file without entities', async () => {
    await writeFile(
      join(directory, 'notifications', 'catalog-info.yaml'),
      '# empty\n',
    );
    const { action } = setup();
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: tmpdir(),
          input: {
            catalogInfoPath: join(
              directory,
              'notifications',
              'catalog-info.yaml',
            ),
          },
        }),
      ),
    ).rejects.toThrow('holds no catalog entity');
  });

  it('refreshes nothing in a dry run', async () => {
    const { catalog, action } = setup();
    const ctx = createMockActionContext({
      workspacePath: tmpdir(),
      input: { catalogInfoPath: join(directory, 'svc', 'catalog-info.yaml') },
    });
    await action.handler({ ...ctx, isDryRun: true });
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
    expect(ctx.output).not.toHaveBeenCalledWith('entityRef', expect.anything());
  });
});
