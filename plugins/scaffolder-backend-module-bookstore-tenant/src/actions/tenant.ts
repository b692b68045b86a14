import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  BookstoreTenantClaim,
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_PLURAL,
  TENANT_REGIONS,
  TENANT_TIERS,
} from '@internal/plugin-bookstore-tenant-common';
import {
  type KubernetesAuthStrategy,
  getKubernetesFailure,
  KubernetesApiClient,
  KubernetesClusterConfig,
  kubernetesError,
  KubernetesNamedObjectRef,
} from '@internal/plugin-bookstore-tenant-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { TenantsConfig } from '../lib/readTenantsConfig';
import {
  describeProblems,
  normalizeOwner,
  renderClaim,
} from '../lib/renderClaim';
import { examples } from './tenant.examples';

/** The Resource `spec.type` the Crossplane catalog provider gives tenants. */
export const TENANT_RESOURCE_TYPE = 'bookstore-tenant';

/** The default path of the claim in the workspace, for `mode: gitops`. */
export const DEFAULT_CLAIM_PATH = 'deploy/tenant.yaml';

/** A claim as a cluster returns it. */
type StoredClaim = BookstoreTenantClaim & {
  metadata: { uid?: string; resourceVersion?: string };
};

/** One cluster the claim goes to, and the regions it serves. */
interface Target {
  cluster: KubernetesClusterConfig;
  regions: string[];
}

/** A claim applied to one cluster, as the action outputs it. */
interface AppliedRef {
  cluster: string;
  regions: string[];
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
}

function describeTargets(targets: Target[]): string {
  return targets.length === 0
    ? 'none'
    : targets
        .map(t => `${t.regions.join(', ')} (cluster ${t.cluster.name})`)
        .join('; ');
}

/** The regions of the claim grouped by cluster, in the order of the regions. */
function targetsOf(
  claim: BookstoreTenantClaim,
  config: TenantsConfig,
): Target[] {
  const missing = claim.spec.parameters.regions.filter(
    region => !config.regions.find(r => r.region === region)?.cluster,
  );
  if (missing.length > 0) {
    throw new InputError(
      `regions: ${missing.join(
        ', ',
      )} has no cluster to apply to (set bookstore.tenants.regions.<region>.cluster in app-config); use mode gitops to render the claim into the repository instead`,
    );
  }
  const targets: Target[] = [];
  for (const region of claim.spec.parameters.regions) {
    const cluster = config.regions.find(r => r.region === region)!.cluster!;
    const target = targets.find(t => t.cluster.name === cluster.name);
    if (target) {
      target.regions.push(region);
    } else {
      targets.push({ cluster, regions: [region] });
    }
  }
  return targets;
}

/**
 * The `bookstore:tenant` action: renders a BookstoreTenant claim with the
 * platform's defaults, validates it against the XRD's schema, checks the owner
 * and that no other team has the tenant, then writes it into the workspace
 * (`mode: gitops`, the default) or server-side applies it to the clusters of its
 * regions (`mode: apply`).
 */
export function createBookstoreTenantAction(options: {
  catalog: CatalogService;
  tenants: TenantsConfig;
  /**
   * Where cluster credentials come from: the Kubernetes plugin's strategies
   * (`createKubernetesAuthStrategy({ config, logger })`), so that every
   * `authProvider` of `kubernetes.clusterLocatorMethods` works.
   */
  authStrategy: KubernetesAuthStrategy;
}) {
  const { catalog, tenants, authStrategy } = options;
  const clientOf = (cluster: KubernetesClusterConfig) =>
    new KubernetesApiClient({
      cluster,
      authStrategy,
      timeoutMs: tenants.requestTimeoutMs,
    });

  return createTemplateAction({
    id: 'bookstore:tenant',
    description:
      'Renders a Crossplane BookstoreTenant claim with the platform defaults (bookstore.tenants in app-config), validated against the XRD, and writes it into the workspace for GitOps or server-side applies it to the clusters of its regions.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The tenant name (metadata.name of the claim): lowercase letters, digits and "-", at most 63 characters.',
          }),
        owner: z =>
          z.string({
            description:
              'The owning team: a Group in the catalog, as team-payments or group:default/team-payments.',
          }),
        tier: z =>
          z
            .enum(TENANT_TIERS, {
              description: `The quota preset. Default: bookstore.tenants.defaultTier (${tenants.defaultTier}).`,
            })
            .optional(),
        regions: z =>
          z
            .array(z.enum(TENANT_REGIONS), {
              description: `The regions the tenant runs in; this portal offers ${tenants.regions
                .map(r => r.region)
                .join(', ')}.`,
            })
            .min(1),
        displayName: z =>
          z
            .string({ description: 'A human-readable name for the tenant.' })
            .optional(),
        mode: z =>
          z
            .enum(['gitops', 'apply'], {
              description:
                'gitops (default): write the claim into the workspace for a later publish step. apply: server-side apply it to the clusters of its regions.',
            })
            .default('gitops'),
        path: z =>
          z
            .string({
              description: `For gitops: where to write the claim, relative to the workspace. Default: ${DEFAULT_CLAIM_PATH}.`,
            })
            .optional(),
      },
      output: {
        name: z => z.string({ description: 'The tenant name.' }),
        owner: z =>
          z.string({ description: 'The owner team, as a group name.' }),
        manifest: z => z.string({ description: 'The claim as YAML.' }),
        path: z =>
          z
            .string({
              description:
                'For gitops: the path of the claim in the workspace.',
            })
            .optional(),
        applied: z =>
          z
            .array(
              z.object({
                cluster: z.string(),
                regions: z.array(z.string()),
                apiVersion: z.string(),
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                uid: z.string(),
                resourceVersion: z.string(),
              }),
              {
                description:
                  'For apply: the claim as applied to each cluster (empty in a dry run).',
              },
            )
            .optional(),
      },
    },

    async handler(ctx) {
      const mode = ctx.input.mode ?? 'gitops';
      const rendered = renderClaim(
        {
          name: ctx.input.name,
          owner: ctx.input.owner,
          tier: ctx.input.tier,
          regions: ctx.input.regions,
          displayName: ctx.input.displayName,
        },
        tenants,
      );
      if (rendered.problems.length > 0) {
        throw new InputError(
          `Invalid BookstoreTenant input: ${describeProblems(
            rendered.problems,
          )}`,
        );
      }
      const { claim, manifest } = rendered;
      const name = claim.metadata.name;
      const owner = claim.spec.parameters.owner;
      const credentials = await ctx.getInitiatorCredentials();

      const group = await catalog.getEntityByRef(
        { kind: 'Group', namespace: 'default', name: owner },
        { credentials },
      );
      if (!group) {
        throw new InputError(
          `owner: group:default/${owner} is not a Group in the catalog`,
        );
      }

      ctx.output('name', name);
      ctx.output('owner', owner);
      ctx.output('manifest', manifest);

      if (mode === 'gitops') {
        const tenantRef = {
          kind: 'Resource',
          namespace: 'default',
          name,
        };
        const existing = await catalog.getEntityByRef(tenantRef, {
          credentials,
        });
        if (existing?.spec?.type === TENANT_RESOURCE_TYPE) {
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
        return;
      }

      const targets = targetsOf(claim, tenants);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: BookstoreTenant ${name} is valid and would be applied to ${describeTargets(
            targets,
          )}; no cluster was contacted`,
        );
        ctx.output('applied', []);
        return;
      }

      const ref: KubernetesNamedObjectRef = {
        group: TENANT_API_GROUP,
        version: TENANT_API_VERSION,
        plural: TENANT_CLAIM_PLURAL,
        namespace: claim.metadata.namespace,
        name,
      };
      const clients = new Map(
        targets.map(t => [t.cluster.name, clientOf(t.cluster)]),
      );
      const done: Target[] = [];
      const fail = (step: string, target: Target, error: unknown): never => {
        const failure = getKubernetesFailure(error);
        if (!failure) {
          throw error;
        }
        throw kubernetesError(
          failure,
          `${step} BookstoreTenant ${name} failed in region ${target.regions.join(
            ', ',
          )} (cluster ${target.cluster.name}): ${
            failure.summary
          }. Already applied: ${describeTargets(done)}.`,
        );
      };

      try {
        // Nothing is applied anywhere if any cluster has another team's tenant.
        for (const target of targets) {
          let current;
          try {
            current = await clients
              .get(target.cluster.name)!
              .getObject<StoredClaim>(ref, { signal: ctx.signal });
          } catch (error) {
            fail('Checking', target, error);
          }
          const currentOwner = current?.metadata?.labels?.[tenants.teamLabel];
          if (current && currentOwner !== owner) {
            throw new ConflictError(
              `name: tenant ${name} already exists in region ${target.regions.join(
                ', ',
              )} (cluster ${target.cluster.name}), owned by ${
                currentOwner ?? 'an unlabelled owner'
              }; choose another name. Already applied: none.`,
            );
          }
        }

        const applied: AppliedRef[] = [];
        for (const target of targets) {
          const result = await ctx.checkpoint({
            key: `apply-${target.cluster.name}`,
            fn: async () => {
              try {
                const { object, created } = await clients
                  .get(target.cluster.name)!
                  .applyObject<StoredClaim>(ref, claim, {
                    fieldManager: tenants.fieldManager,
                    signal: ctx.signal,
                  });
                const { uid = '', resourceVersion = '' } = object.metadata;
                ctx.logger.info(
                  `${created ? 'Created' : 'Applied'} BookstoreTenant ${
                    claim.metadata.namespace
                  }/${name} in region ${target.regions.join(', ')} (cluster ${
                    target.cluster.name
                  }), resourceVersion ${resourceVersion}`,
                );
                return {
                  cluster: target.cluster.name,
                  regions: target.regions,
                  apiVersion: claim.apiVersion,
                  kind: claim.kind,
                  namespace: claim.metadata.namespace,
                  name,
                  uid,
                  resourceVersion,
                };
              } catch (error) {
                return fail('Applying', target, error);
              }
            },
          });
          applied.push(result);
          done.push(target);
        }
        ctx.output('applied', applied);
      } finally {
        await Promise.all([...clients.values()].map(c => c.close()));
      }
    },
  });
}
