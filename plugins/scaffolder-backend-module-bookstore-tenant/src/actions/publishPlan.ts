import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PublishConfig } from '../lib/readPublishConfig';
import { checkRepoName } from '../lib/repoName';
import { examples } from './publishPlan.examples';
import {
  stepSignal,
  TaskCancellations,
  throwIfCancelled,
} from '../lib/taskCancellation';

/**
 * The `bookstore:publish:plan` action: where this portal publishes new
 * repositories (`bookstore.publish` in app-config), for templates, which cannot
 * read app-config, to switch their publish and register steps on with `if:`.
 */
export function createPublishPlanAction(options: {
  publish: PublishConfig;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { publish, cancellations } = options;
  return createTemplateAction({
    id: 'bookstore:publish:plan',
    description:
      "Tells a template where this portal publishes new repositories (bookstore.publish.target: github or local) and the repository's URLs, so that the template's publish and register steps can switch on it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'The repository name: lowercase letters, digits, ".", "_" and "-".',
          }),
      },
      output: {
        target: z =>
          z.enum(['github', 'local'], {
            description:
              'github: use publish:github and catalog:register. local: use bookstore:publish:local and bookstore:catalog:register-local.',
          }),
        repoName: z => z.string({ description: 'The repository name.' }),
        projectSlug: z =>
          z.string({
            description:
              'owner/repo on GitHub, for the github.com/project-slug annotation.',
          }),
        githubRepoUrl: z =>
          z.string({
            description:
              'The repoUrl input of publish:github: <host>?owner=<owner>&repo=<repo>.',
          }),
        cloneUrl: z =>
          z.string({
            description:
              'Where the repository can be cloned from once published (e.g. for an Argo CD Application).',
          }),
      },
    },
    async handler(ctx) {
      throwIfCancelled(
        stepSignal(ctx, cancellations),
        'the publish target was not planned',
      );
      const repoName = checkRepoName(ctx.input.repoName);
      const { host, owner } = publish.github;
      const cloneUrl = publish.local
        ? pathToFileURL(join(publish.local.directory, `${repoName}.git`)).href
        : `https://${host}/${owner}/${repoName}.git`;
      ctx.logger.info(
        `This portal publishes to ${
          publish.target === 'local'
            ? `the local git repository ${cloneUrl}`
            : `${host}/${owner}/${repoName}`
        }`,
      );
      ctx.output('target', publish.target);
      ctx.output('repoName', repoName);
      ctx.output('projectSlug', `${owner}/${repoName}`);
      ctx.output(
        'githubRepoUrl',
        `${host}?owner=${encodeURIComponent(owner)}&repo=${encodeURIComponent(
          repoName,
        )}`,
      );
      ctx.output('cloneUrl', cloneUrl);
    },
  });
}
