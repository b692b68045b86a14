import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  TENANT_ACTION_ID,
  TENANT_ENTITY_TYPE,
} from '@internal/plugin-bookstore-tenant-common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { prepareTenantClaim } from '../lib/prepareTenantClaim';
import { TenantsConfig } from '../lib/readTenantsConfig';
import { normalizeOwner } from '../lib/renderClaim';
import {
  stepSignal,
  TaskCancellations,
  throwIfCancelled,
} from '../lib/taskCancellation';
import { examples } from './tenant.examples';
import { tenantClaimInput, tenantClaimOutput } from './tenantInput';

/** The default path of the claim in the workspace. */
export const DEFAULT_CLAIM_PATH = 'deploy/tenant.yaml';

/**
 * The `bookstore:tenant` action: renders a BookstoreTenant claim with the platform's
 * defaults, validates it against the XRD's schema, checks the owner and that no other team
 * has the tenant in the catalog, then writes it into the workspace, for the publish step to
 * take into the repository that GitOps applies. It contacts no cluster;
 * `bookstore:tenant:apply` applies a claim directly.
 */
export function createBookstoreTenantAction(options: {
  catalog: CatalogService;
  tenants: TenantsConfig;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { catalog, tenants, cancellations } = options;

  return createTemplateAction({
    id: TENANT_ACTION_ID,
    description:
      'Renders a Crossplane BookstoreTenant claim with the platform defaults (bookstore.tenants in app-config), validated against the XRD, and writes it into the workspace for GitOps.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...tenantClaimInput(tenants),
        path: z =>
          z
            .string({
              description: `Where to write the claim, relative to the workspace. Default: ${DEFAULT_CLAIM_PATH}.`,
            })
            .optional(),
      },
      output: {
        ...tenantClaimOutput,
        path: z =>
          z.string({ description: 'The path of the claim in the workspace.' }),
      },
    },

    async handler(ctx) {
      const signal = stepSignal(ctx, cancellations);
      throwIfCancelled(signal, 'no claim was written');
      const credentials = await ctx.getInitiatorCredentials();
      const { claim, manifest, name, owner } = await prepareTenantClaim({
        input: ctx.input,
        tenants,
        catalog,
        credentials,
      });
      ctx.output('name', name);
      ctx.output('owner', owner);
      ctx.output('manifest', manifest);

      const tenantRef = {
        kind: 'Resource',
        namespace: 'default',
        name,
      };
      const existing = await catalog.getEntityByRef(tenantRef, {
        credentials,
      });
      if (existing?.spec?.type === TENANT_ENTITY_TYPE) {
        const existingOwner = normalizeOwner(
          String(existing.spec.owner ?? ''),
        ).name;
        if (existingOwner !== owner) {
          throw new ConflictError(
            `name: tenant ${name} already exists, owned by ${existingOwner} (${stringifyEntityRef(
              tenantRef,
            )}); choose another name`,
          );
        }
      }
      const path = ctx.input.path ?? DEFAULT_CLAIM_PATH;
      const file = resolveSafeChildPath(ctx.workspacePath, path);
      throwIfCancelled(signal, `${path} was not written`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, manifest, 'utf8');
      ctx.logger.info(
        `Wrote BookstoreTenant ${name} (owner ${owner}, tier ${
          claim.spec.parameters.tier
        }, regions ${claim.spec.parameters.regions.join(', ')}) to ${relative(
          ctx.workspacePath,
          file,
        )}`,
      );
      ctx.output('path', relative(ctx.workspacePath, file));
    },
  });
}
