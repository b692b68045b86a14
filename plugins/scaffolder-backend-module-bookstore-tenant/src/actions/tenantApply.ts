import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BookstoreTenantClaim,
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_APPLY_ACTION_ID,
  TENANT_CLAIM_PLURAL,
} from '@internal/plugin-bookstore-tenant-common';
import {
  type KubernetesAuthStrategy,
  getKubernetesFailure,
  KubernetesApiClient,
  KubernetesClusterConfig,
  kubernetesError,
  KubernetesNamedObjectRef,
} from '@internal/plugin-bookstore-tenant-node';
import { prepareTenantClaim } from '../lib/prepareTenantClaim';
import { TenantsConfig } from '../lib/readTenantsConfig';
import {
  stepSignal,
  TaskCancellations,
  TaskCancelledError,
  throwIfCancelled,
} from '../lib/taskCancellation';
import { tenantClaimInput, tenantClaimOutput } from './tenantInput';
import { examples } from './tenantApply.examples';

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
      )} has no cluster to apply to (set bookstore.tenants.regions.<region>.cluster in app-config); use bookstore:tenant to render the claim into the repository instead`,
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
 * The `bookstore:tenant:apply` action: renders a BookstoreTenant claim as `bookstore:tenant`
 * does, checks that no cluster of its regions holds another team's tenant of that name, then
 * server-side applies it to each of those clusters (one checkpoint per cluster). An action of
 * its own, so that the permission policy decides who may change the clusters by its id, and the
 * portal's service account needs `patch` on claims only where a template uses it.
 */
export function createBookstoreTenantApplyAction(options: {
  catalog: CatalogService;
  tenants: TenantsConfig;
  /**
   * Where cluster credentials come from: the Kubernetes plugin's strategies
   * (`createKubernetesAuthStrategy({ config, logger })`), so that every
   * `authProvider` of `kubernetes.clusterLocatorMethods` works.
   */
  authStrategy: KubernetesAuthStrategy;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const { catalog, tenants, authStrategy, cancellations } = options;
  const clientOf = (cluster: KubernetesClusterConfig) =>
    new KubernetesApiClient({
      cluster,
      authStrategy,
      timeoutMs: tenants.requestTimeoutMs,
    });

  return createTemplateAction({
    id: TENANT_APPLY_ACTION_ID,
    description:
      'Renders a Crossplane BookstoreTenant claim with the platform defaults (bookstore.tenants in app-config), validated against the XRD, and server-side applies it to the clusters of its regions.',
    examples,
    supportsDryRun: true,
    schema: {
      input: tenantClaimInput(tenants),
      output: {
        ...tenantClaimOutput,
        applied: z =>
          z.array(
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
                'The claim as applied to each cluster (empty in a dry run).',
            },
          ),
      },
    },

    async handler(ctx) {
      const signal = stepSignal(ctx, cancellations);
      throwIfCancelled(signal, 'nothing was applied');
      const { claim, manifest, name, owner } = await prepareTenantClaim({
        input: ctx.input,
        tenants,
        catalog,
        credentials: await ctx.getInitiatorCredentials(),
      });
      ctx.output('name', name);
      ctx.output('owner', owner);
      ctx.output('manifest', manifest);

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
      const applied: AppliedRef[] = [];
      /** Cancelled: says, logs and outputs where the claim was applied and where not. */
      const cancelled = (inFlight?: Target): never => {
        const notApplied = targets.filter(
          t => !done.includes(t) && t !== inFlight,
        );
        const message = `The task was cancelled; BookstoreTenant ${name} was applied in: ${describeTargets(
          done,
        )}; not applied in: ${describeTargets(notApplied)}${
          inFlight
            ? `; unknown in ${describeTargets([
                inFlight,
              ])}: its request was under way`
            : ''
        }`;
        ctx.logger.warn(message);
        ctx.output('applied', applied);
        throw new TaskCancelledError(message);
      };
      const fail = (step: string, target: Target, error: unknown): never => {
        if (signal.aborted) {
          return cancelled(step === 'Applying' ? target : undefined);
        }
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
              .getObject<StoredClaim>(ref, { signal });
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

        for (const target of targets) {
          if (signal.aborted) {
            cancelled();
          }
          const result = await ctx.checkpoint({
            key: `apply-${target.cluster.name}`,
            fn: async () => {
              try {
                const { object, created } = await clients
                  .get(target.cluster.name)!
                  .applyObject<StoredClaim>(ref, claim, {
                    fieldManager: tenants.fieldManager,
                    signal,
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
