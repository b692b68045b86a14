import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { createRegisterLocalAction } from './registerLocal';
import { examples } from './registerLocal.examples';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';

describe('bookstore:catalog:register-local examples', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'register-local-examples-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('registers the working copy of the example', async () => {
    const step = yaml.parse(examples[0].example).steps[0];
    // The example names the default local directory; run it in a temporary one.
    const catalogInfoPath = String(step.input.catalogInfoPath).replace(
      '/tmp/bookstore-portal-git',
      directory,
    );
    await mkdir(join(directory, 'notifications'));
    await writeFile(
      catalogInfoPath,
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: notifications }\n',
    );
    const catalog = catalogServiceMock.mock();
    const action = createRegisterLocalAction({
      catalog,
      publish: localPublishConfig(directory),
    });
    expect(step.action).toBe(action.id);
    const ctx = createMockActionContext({
      workspacePath: tmpdir(),
      input: { catalogInfoPath },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/notifications',
    );
  });
});
