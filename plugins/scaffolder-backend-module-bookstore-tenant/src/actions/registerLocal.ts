import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PublishConfig } from '../lib/readPublishConfig';
import { examples } from './registerLocal.examples';

/** The entity a template would link to: its Component, else its first entity. */
function mainEntity(entities: Entity[]): Entity | undefined {
  const named = entities.filter(e => !e.metadata.name.startsWith('generated-'));
  return named.find(e => e.kind === 'Component') ?? named[0] ?? entities[0];
}

async function readEntities(path: string): Promise<Entity[]> {
  const documents = parseAllDocuments(await readFile(path, 'utf8'));
  return documents
    .map(d => d.toJS() as Entity)
    .filter(
      e => typeof e?.kind === 'string' && typeof e?.metadata?.name === 'string',
    );
}

/**
 * The `bookstore:catalog:register-local` action: the local portal's stand-in
 * for catalog:register. The catalog takes only `url` locations at run time, so
 * locally published working copies are read by a static `file` location in
 * `catalog.locations`; this action refreshes it so that the new entity shows in
 * seconds, and outputs the entity's ref.
 */
export function createRegisterLocalAction(options: {
  catalog: CatalogService;
  publish: PublishConfig;
}) {
  const { catalog, publish } = options;
  return createTemplateAction({
    id: 'bookstore:catalog:register-local',
    description:
      "Registers a locally published repository's catalog-info.yaml: refreshes the catalog location that reads the working copies of bookstore.publish.local.directory and outputs the entity's ref.",
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
      const local = publish.local;
      if (!local) {
        throw new InputError(
          `bookstore:catalog:register-local needs bookstore.publish.target: local in app-config; this portal publishes to ${publish.target}`,
        );
      }
      const path = resolve(ctx.input.catalogInfoPath);
      const parts = relative(local.directory, path).split(sep);
      if (
        parts.length !== 2 ||
        parts[0] === '..' ||
        parts[0] === '' ||
        parts[1] !== 'catalog-info.yaml'
      ) {
        throw new InputError(
          `catalogInfoPath: ${ctx.input.catalogInfoPath} is not the catalog-info.yaml of a working copy in ${local.directory}`,
        );
      }
      ctx.output('catalogInfoPath', path);

      if (ctx.isDryRun && !existsSync(path)) {
        ctx.logger.info(
          `Dry run: would refresh ${local.catalogLocation.entityRef} to read ${path}`,
        );
        return;
      }
      const entity = mainEntity(await readEntities(path));
      if (!entity) {
        throw new InputError(
          `catalogInfoPath: ${path} holds no catalog entity`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      ctx.output('entityRef', entityRef);
      if (ctx.isDryRun) {
        return;
      }
      await ctx.checkpoint({
        key: 'refresh-local-location',
        fn: async () => {
          await catalog.refreshEntity(local.catalogLocation.entityRef, {
            credentials: await ctx.getInitiatorCredentials(),
          });
        },
      });
      ctx.logger.info(
        `Refreshed ${local.catalogLocation.entityRef} (${local.catalogLocation.target}); ${entityRef} shows in the catalog once it is processed`,
      );
    },
  });
}
