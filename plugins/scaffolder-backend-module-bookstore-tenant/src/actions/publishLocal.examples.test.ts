import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';

describe('bookstore:publish:local examples', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'publish-local-examples-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('publishes with the given description and commit message', async () => {
    const directory = join(root, 'git');
    const action = createPublishLocalAction({
      publish: localPublishConfig(directory),
      config: new ConfigReader({}),
    });
    const step = yaml.parse(examples[0].example).steps[0];
    expect(step.action).toBe(action.id);
    const workspacePath = join(root, 'ws');
    await mkdir(workspacePath);
    await writeFile(join(workspacePath, 'README.md'), '# notifications\n');
    await action.handler(
      createMockActionContext({ input: step.input, workspacePath }),
    );
    const bare = join(directory, 'notifications.git');
    expect(
      execFileSync('git', ['log', '-1', '--format=%s', 'main'], {
        cwd: bare,
        encoding: 'utf8',
      }).trim(),
    ).toBe('Initial commit: notifications service');
  });
});
