import { tmpdir } from 'node:os';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { InputError } from '@backstage/errors';
import { PublishConfig } from '../lib/readPublishConfig';
import { createPublishPlanAction } from './publishPlan';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { TaskCancelledError } from '../lib/taskCancellation';

const github: PublishConfig = {
  target: 'github',
  github: { host: 'github.com', owner: 'bookstore-platform' },
};
const local = localPublishConfig('/srv/git');

async function plan(publish: PublishConfig, repoName: string) {
  const ctx = createMockActionContext({
    workspacePath: tmpdir(),
    input: { repoName },
  });
  await createPublishPlanAction({ publish }).handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls as [string, unknown][],
  );
}

describe('bookstore:publish:plan', () => {
  it('plans a GitHub repository', async () => {
    expect(await plan(github, 'notifications')).toEqual({
      target: 'github',
      repoName: 'notifications',
      projectSlug: 'bookstore-platform/notifications',
      githubRepoUrl: 'github.com?owner=bookstore-platform&repo=notifications',
      cloneUrl: 'https://github.com/bookstore-platform/notifications.git',
    });
  });

  it('plans a local repository', async () => {
    expect(await plan(local, 'notifications')).toEqual({
      target: 'local',
      repoName: 'notifications',
      projectSlug: 'bookstore-platform/notifications',
      githubRepoUrl: 'github.com?owner=bookstore-platform&repo=notifications',
      cloneUrl: 'file:///srv/git/notifications.git',
    });
  });

  it.each(['Notifications', '../etc', 'a.git', '-x', 'a'.repeat(101)])(
    'refuses the repository name %s',
    async repoName => {
      await expect(plan(github, repoName)).rejects.toThrow(InputError);
      await expect(plan(github, repoName)).rejects.toThrow(
        `repoName: '${repoName}' is not a repository name`,
      );
    },
  );

  it('plans nothing in a cancelled task', async () => {
    const ctx = {
      ...createMockActionContext({
        workspacePath: tmpdir(),
        input: { repoName: 'notifications' },
      }),
      signal: AbortSignal.abort(),
    };
    await expect(
      createPublishPlanAction({ publish: local }).handler(ctx),
    ).rejects.toThrow(
      new TaskCancelledError(
        'The task was cancelled; the publish target was not planned',
      ),
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
