import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import {
  componentYaml,
  startLocalGitCatalog,
  writeWorkingCopy,
} from '../__testUtils__/localGitCatalog';
import { createRegisterLocalAction } from './registerLocal';
import { examples } from './registerLocal.examples';

jest.setTimeout(60_000);

describe('bookstore:catalog:register-local examples', () => {
  let directory: string;
  let started: Awaited<ReturnType<typeof startLocalGitCatalog>>;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'register-local-examples-'));
    started = await startLocalGitCatalog(directory);
  });
  afterAll(async () => {
    await started?.backend.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('registers the working copy of the example in a real catalog', async () => {
    const step = yaml.parse(examples[0].example).steps[0];
    // The example names the default local directory; run it in a temporary one.
    const catalogInfoPath = String(step.input.catalogInfoPath).replace(
      '/tmp/bookstore-portal-git',
      directory,
    );
    await writeWorkingCopy(
      directory,
      'notifications',
      componentYaml('notifications'),
    );
    const action = createRegisterLocalAction({
      catalog: started.catalog,
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
