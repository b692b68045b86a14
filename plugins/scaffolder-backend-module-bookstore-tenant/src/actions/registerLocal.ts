import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import {
  LOCAL_GIT_LOCATION_TYPE,
  localCatalogInfoPath,
} from '../lib/localGitLocation';
import { PublishConfig } from '../lib/readPublishConfig';
import { checkRepoName } from '../lib/repoName';
import {
  stepSignal,
  TaskCancellations,
  throwIfCancelled,
} from '../lib/taskCancellation';
import { examples } from './registerLocal.examples';

/** The entity a template links to: the Component, else the first other entity. */
function mainEntity(entities: Entity[]): Entity | undefined {
  const read = entities.filter(e => e.kind !== 'Location');
  return read.find(e => e.kind === 'Component') ?? read[0];
}

/** The repository whose working copy's catalog-info.yaml `catalogInfoPath` is. */
function repoNameOf(directory: string, catalogInfoPath: string): string {
  const parts = relative(directory, resolve(catalogInfoPath)).split(sep);
  if (parts.length === 2 && parts[1] === 'catalog-info.yaml') {
    try {
      return checkRepoName(parts[0]);
    } catch {
      // Not a published repository's name: refused below like any other path.
    }
  }
  throw new InputError(
    `catalogInfoPath: ${catalogInfoPath} is not the catalog-info.yaml of a working copy in ${directory}`,
  );
}

/**
 * The `bookstore:catalog:register-local` action: the local portal's stand-in
 * for catalog:register. Registers the published repository as a
 * `bookstore-local-git` location of its own (target: the repository's name,
 * read by this package's catalog module) with the initiating user's
 * credentials: first as a dry run, in which the catalog reads and validates the
 * file, so a file it refuses fails the step and nothing is registered; then for
 * real. Outputs the entity's ref.
 */
export function createRegisterLocalAction(options: {
  catalog: CatalogService;
  publish: PublishConfig;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { catalog, publish, cancellations } = options;
  return createTemplateAction({
    id: 'bookstore:catalog:register-local',
    description:
      "Registers a locally published repository's catalog-info.yaml as a catalog location of its own, once the catalog has read and validated it, and outputs the entity's ref.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z.string({
            description:
              'The catalog-info.yaml of a working copy, as bookstore:publish:local outputs it.',
          }),
      },
      output: {
        entityRef: z =>
          z
            .string({
              description:
                'The registered Component (or first entity), e.g. component:default/notifications.',
            })
            .optional(),
        catalogInfoPath: z =>
          z.string({ description: 'The registered catalog-info.yaml.' }),
      },
    },
    async handler(ctx) {
      const signal = stepSignal(ctx, cancellations);
      throwIfCancelled(signal, 'nothing was registered');
      const local = publish.local;
      if (!local) {
        throw new InputError(
          `bookstore:catalog:register-local needs bookstore.publish.target: local in app-config; this portal publishes to ${publish.target}`,
        );
      }
      const repoName = repoNameOf(local.directory, ctx.input.catalogInfoPath);
      const path = localCatalogInfoPath(local.directory, repoName);
      const location = { type: LOCAL_GIT_LOCATION_TYPE, target: repoName };
      ctx.output('catalogInfoPath', path);

      if (ctx.isDryRun && !existsSync(path)) {
        ctx.logger.info(
          `Dry run: would register ${path} as ${location.type}:${location.target}`,
        );
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      throwIfCancelled(signal, 'nothing was registered');
      const checked = await catalog
        .addLocation({ ...location, dryRun: true }, { credentials })
        .catch(error => {
          // The catalog's own message, e.g. the YAML error or the kind it does not allow.
          const reason = ResponseError.is(error)
            ? error.cause.message
            : String(error);
          throw new InputError(
            `catalogInfoPath: the catalog refused ${path}, nothing was registered: ${reason}`,
          );
        });
      const entity = mainEntity(checked.entities);
      if (!entity) {
        throw new InputError(
          `catalogInfoPath: ${path} holds no catalog entity, nothing was registered`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      ctx.output('entityRef', entityRef);
      if (ctx.isDryRun) {
        return;
      }
      throwIfCancelled(
        signal,
        `the catalog had read ${path}, nothing was registered`,
      );
      // A retried task, or a repository published again with the same content, refreshes it.
      await ctx.checkpoint({
        key: `register-local-${repoName}`,
        fn: async () => {
          await catalog.addLocation(
            { ...location, onConflict: 'refresh' },
            { credentials },
          );
        },
      });
      ctx.logger.info(
        `Registered ${path} as ${location.type}:${location.target}; ${entityRef} shows in the catalog once it is processed`,
      );
    },
  });
}
