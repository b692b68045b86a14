import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishConfig } from '../lib/readPublishConfig';
import { TaskCancelledError } from '../lib/taskCancellation';
import { createPublishLocalAction } from './publishLocal';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';

function git(args: string[], cwd?: string) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();
}

describe('bookstore:publish:local', () => {
  let root: string;
  let directory: string;
  let publish: PublishConfig;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'publish-local-'));
    directory = join(root, 'git');
    publish = localPublishConfig(directory);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function workspace(name: string, files: Record<string, string>) {
    const path = join(root, name);
    for (const [file, content] of Object.entries(files)) {
      await mkdir(join(path, file, '..'), { recursive: true });
      await writeFile(join(path, file), content);
    }
    return path;
  }

  function action(config = new ConfigReader({})) {
    return createPublishLocalAction({ publish, config });
  }

  const alice = {
    ref: 'user:default/alice',
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice' },
      spec: {
        profile: {
          displayName: 'Alice Archer',
          email: 'alice@bookstore.example',
        },
        memberOf: ['team-payments'],
      },
    },
  };

  it('pushes the workspace to a new bare repository as the initiating user', async () => {
    const workspacePath = await workspace('ws', {
      'catalog-info.yaml': 'kind: Component\n',
      'docs/index.md': '# Notifications\n',
    });
    const ctx = createMockActionContext({
      input: { repoName: 'notifications', description: 'Sends notifications' },
      workspacePath,
      user: alice as any,
    });
    const checkpoint = jest.fn(ctx.checkpoint);
    await action(
      new ConfigReader({
        scaffolder: {
          defaultAuthor: {
            name: 'Bookstore Portal',
            email: 'portal@bookstore.example',
          },
        },
      }),
    ).handler(Object.assign(ctx, { checkpoint }));

    const bare = join(directory, 'notifications.git');
    const commit = git(['rev-parse', 'refs/heads/main'], bare);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${bare}`);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', commit);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      join(directory, 'notifications', 'catalog-info.yaml'),
    );
    expect(checkpoint.mock.calls[0][0].key).toBe('publish-notifications');
    expect(
      git(['log', '-1', '--format=%an <%ae>|%cn <%ce>|%s', commit], bare),
    ).toBe(
      'Alice Archer <alice@bookstore.example>|Bookstore Portal <portal@bookstore.example>|Initial commit',
    );
    expect(
      git(['ls-tree', '-r', '--name-only', commit], bare).split('\n'),
    ).toEqual(['catalog-info.yaml', 'docs/index.md']);
    expect(await readFile(join(bare, 'description'), 'utf8')).toBe(
      'Sends notifications\n',
    );
    // the working copy the catalog reads
    expect(
      await readFile(
        join(directory, 'notifications', 'catalog-info.yaml'),
        'utf8',
      ),
    ).toBe('kind: Component\n');
  });

  it('falls back to the name of the user ref and the default author', async () => {
    const workspacePath = await workspace('ws', { 'README.md': 'x\n' });
    await action().handler(
      createMockActionContext({
        input: { repoName: 'svc' },
        workspacePath,
        user: { ref: 'user:development/guest' },
      }),
    );
    expect(
      git(['log', '-1', '--format=%an <%ae>'], join(directory, 'svc.git')),
    ).toBe('guest <scaffolder@backstage.io>');
  });

  it('changes nothing when the same content is published again', async () => {
    const workspacePath = await workspace('ws', { 'README.md': 'x\n' });
    await action().handler(
      createMockActionContext({ input: { repoName: 'svc' }, workspacePath }),
    );
    const bare = join(directory, 'svc.git');
    const first = git(['rev-parse', 'main'], bare);
    const again = await workspace('ws2', { 'README.md': 'x\n' });
    const ctx = createMockActionContext({
      input: { repoName: 'svc' },
      workspacePath: again,
    });
    await action().handler(ctx);
    expect(git(['rev-parse', 'main'], bare)).toBe(first);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', first);
  });

  it('refuses to overwrite a repository with other content', async () => {
    await action().handler(
      createMockActionContext({
        input: { repoName: 'svc' },
        workspacePath: await workspace('ws', { 'README.md': 'x\n' }),
      }),
    );
    const bare = join(directory, 'svc.git');
    const before = git(['rev-parse', 'main'], bare);
    const error = action().handler(
      createMockActionContext({
        input: { repoName: 'svc' },
        workspacePath: await workspace('ws2', { 'README.md': 'other\n' }),
      }),
    );
    await expect(error).rejects.toThrow(ConflictError);
    await expect(error).rejects.toThrow(
      `repoName: the repository svc already exists in ${directory} with other content; choose another name, or remove ${bare} and ${join(
        directory,
        'svc',
      )}`,
    );
    expect(git(['rev-parse', 'main'], bare)).toBe(before);
  });

  it('keeps the working copy at the tip when developers push later', async () => {
    await action().handler(
      createMockActionContext({
        input: { repoName: 'svc' },
        workspacePath: await workspace('ws', { 'catalog-info.yaml': 'v: 1\n' }),
      }),
    );
    const clone = join(root, 'clone');
    git(['clone', '-q', join(directory, 'svc.git'), clone]);
    await writeFile(join(clone, 'catalog-info.yaml'), 'v: 2\n');
    git(
      [
        '-c',
        'user.name=Bob',
        '-c',
        'user.email=bob@bookstore.example',
        'commit',
        '-qam',
        'v2',
      ],
      clone,
    );
    git(['push', '-q', 'origin', 'main'], clone);
    expect(
      await readFile(join(directory, 'svc', 'catalog-info.yaml'), 'utf8'),
    ).toBe('v: 2\n');
  });

  it('writes nothing in a dry run', async () => {
    const workspacePath = await workspace('ws', { 'README.md': 'x\n' });
    const ctx = createMockActionContext({
      input: { repoName: 'svc' },
      workspacePath,
    });
    await action().handler({ ...ctx, isDryRun: true });
    expect(existsSync(directory)).toBe(false);
    expect(existsSync(join(workspacePath, '.git'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `file://${join(directory, 'svc.git')}`,
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'commitHash',
      expect.anything(),
    );
  });

  it('refuses a bad repository name and a portal that publishes to GitHub', async () => {
    const workspacePath = await workspace('ws', { 'README.md': 'x\n' });
    await expect(
      action().handler(
        createMockActionContext({ input: { repoName: '../x' }, workspacePath }),
      ),
    ).rejects.toThrow(InputError);
    publish = { target: 'github', github: publish.github };
    await expect(
      action().handler(
        createMockActionContext({ input: { repoName: 'svc' }, workspacePath }),
      ),
    ).rejects.toThrow(
      'bookstore:publish:local needs bookstore.publish.target: local and bookstore.publish.local.directory in app-config; this portal publishes to github',
    );
  });

  describe('in a cancelled task', () => {
    it('publishes nothing when cancelled before it starts', async () => {
      const workspacePath = await workspace('ws', { 'README.md': 'x\n' });
      const ctx = {
        ...createMockActionContext({
          input: { repoName: 'svc' },
          workspacePath,
        }),
        signal: AbortSignal.abort(),
      };
      await expect(action().handler(ctx)).rejects.toThrow(
        new TaskCancelledError('The task was cancelled; nothing was published'),
      );
      expect(existsSync(directory)).toBe(false);
      expect(existsSync(join(workspacePath, '.git'))).toBe(false);
    });

    it('stops git when cancelled during the push and leaves no repository behind', async () => {
      const workspacePath = await workspace('ws', { 'README.md': 'x\n' });
      // The workspace's own pre-push hook holds the push until the test cancels.
      git(['init', '-q', '-b', 'main'], workspacePath);
      const pushing = join(root, 'pushing');
      const hook = join(workspacePath, '.git', 'hooks', 'pre-push');
      await writeFile(
        hook,
        `#!/bin/sh\ntouch '${pushing}'\nwhile [ -e '${pushing}' ]; do sleep 0.05; done\n`,
      );
      await chmod(hook, 0o755);
      const controller = new AbortController();
      const ctx = {
        ...createMockActionContext({
          input: { repoName: 'svc' },
          workspacePath,
        }),
        signal: controller.signal,
      };
      const done = action().handler(ctx);
      while (!existsSync(pushing)) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(existsSync(join(directory, 'svc.git'))).toBe(true);
      controller.abort();
      await expect(done).rejects.toThrow(
        new TaskCancelledError(
          `The task was cancelled before the push; nothing was published to ${join(
            directory,
            'svc.git',
          )}`,
        ),
      );
      await rm(pushing, { force: true });
      expect(existsSync(join(directory, 'svc.git'))).toBe(false);
      expect(existsSync(join(directory, 'svc'))).toBe(false);
      expect(ctx.output).not.toHaveBeenCalledWith(
        'commitHash',
        expect.anything(),
      );
    });
  });
});
