import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { tmpdir } from 'node:os';
import yaml from 'yaml';
import { createPublishPlanAction } from './publishPlan';
import { examples } from './publishPlan.examples';

describe('bookstore:publish:plan examples', () => {
  it('names the actions the plan switches between', async () => {
    const { steps } = yaml.parse(examples[0].example);
    expect(steps.map((s: { action: string }) => s.action)).toEqual([
      'bookstore:publish:plan',
      'publish:github',
      'bookstore:publish:local',
    ]);
    const action = createPublishPlanAction({
      publish: {
        target: 'github',
        github: { host: 'github.com', owner: 'bookstore-platform' },
      },
    });
    const ctx = createMockActionContext({
      workspacePath: tmpdir(),
      input: { repoName: 'notifications' },
    });
    // The example's input is a template expression; the action takes its value.
    expect(steps[0].input).toEqual({ repoName: '${{ parameters.name }}' });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('target', 'github');
  });
});
