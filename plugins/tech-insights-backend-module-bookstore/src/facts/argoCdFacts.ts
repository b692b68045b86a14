import type { ArgoCdApplication } from '@internal/plugin-catalog-backend-module-argocd-applications';

/** The annotations the Argo CD tab (Roadie) reads on a Component. */
export const ARGOCD_APP_ANNOTATION = 'argocd/app-name';
export const ARGOCD_INSTANCE_ANNOTATION = 'argocd/instance-name';
export const ARGOCD_NAMESPACE_ANNOTATION = 'argocd/app-namespace';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** The facts of `bookstoreArgoCdFacts`, one value per fact. */
export type ArgoCdFacts = {
  hasArgoCdApplication: boolean;
  argocdSynced: boolean;
  argocdHealthy: boolean;
  /** Whole days since Argo CD last deployed it; null when it never did. */
  argocdDaysSinceDeploy: number | null;
  /** When Argo CD first deployed it (ISO 8601); null when it never did. */
  argocdFirstDeployedAt: string | null;
  hasHealthCheck: boolean;
};

export const argoCdFactsSchema = {
  hasArgoCdApplication: {
    type: 'boolean',
    description: `The Argo CD Application of annotation ${ARGOCD_APP_ANNOTATION} exists in Argo CD`,
  },
  argocdSynced: {
    type: 'boolean',
    description: 'The Application is Synced (status.sync.status)',
  },
  argocdHealthy: {
    type: 'boolean',
    description: 'The Application is Healthy (status.health.status)',
  },
  argocdDaysSinceDeploy: {
    type: 'integer',
    description:
      'Whole days since Argo CD last deployed it (status.history[].deployedAt, else status.operationState.finishedAt); null when never',
  },
  argocdFirstDeployedAt: {
    type: 'datetime',
    description:
      'When Argo CD first deployed it: the earliest status.history[].deployedAt, else the finishedAt of a Succeeded status.operationState; null when never',
  },
  hasHealthCheck: {
    type: 'boolean',
    description:
      'Every container of every Deployment, StatefulSet and DaemonSet the Application renders has a readinessProbe or livenessProbe',
  },
} as const;

/** The facts of a Component with no Argo CD Application (none annotated, or none found). */
export const NO_APPLICATION_FACTS: ArgoCdFacts = {
  hasArgoCdApplication: false,
  argocdSynced: false,
  argocdHealthy: false,
  argocdDaysSinceDeploy: null,
  argocdFirstDeployedAt: null,
  hasHealthCheck: false,
};

type Manifest = Record<string, unknown>;

interface PodSpec {
  containers?: Array<{ readinessProbe?: unknown; livenessProbe?: unknown }>;
}

function hasProbes(workload: Manifest): boolean {
  const spec = workload.spec as { template?: { spec?: PodSpec } } | undefined;
  const containers = spec?.template?.spec?.containers ?? [];
  return (
    containers.length > 0 &&
    containers.every(c => Boolean(c.readinessProbe || c.livenessProbe))
  );
}

function lastDeployedAt(application: ArgoCdApplication): number | undefined {
  const times = [
    ...(application.status?.history ?? []).map(h => h.deployedAt),
    application.status?.operationState?.finishedAt,
  ]
    .filter((t): t is string => Boolean(t))
    .map(t => Date.parse(t))
    .filter(t => !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * The earliest deployment in the Application's history (Argo CD keeps the
 * last `revisionHistoryLimit`, 10 by default: the first for a new service),
 * else the end of its last sync operation if that succeeded.
 */
function firstDeployedAt(application: ArgoCdApplication): string | null {
  const history = (application.status?.history ?? [])
    .map(h => (h.deployedAt ? Date.parse(h.deployedAt) : NaN))
    .filter(t => !Number.isNaN(t));
  if (history.length > 0) {
    return new Date(Math.min(...history)).toISOString();
  }
  const operation = application.status?.operationState;
  const finishedAt =
    operation?.phase === 'Succeeded' && operation.finishedAt
      ? Date.parse(operation.finishedAt)
      : NaN;
  return Number.isNaN(finishedAt) ? null : new Date(finishedAt).toISOString();
}

/**
 * The Argo CD facts of a Component: pure, from its Application and the
 * manifests Argo CD renders for it, at `now`.
 */
export function argoCdFacts(
  application: ArgoCdApplication,
  manifests: Manifest[],
  now: Date,
): ArgoCdFacts {
  const workloads = manifests.filter(m =>
    WORKLOAD_KINDS.includes(String(m.kind)),
  );
  const deployedAt = lastDeployedAt(application);
  return {
    hasArgoCdApplication: true,
    argocdSynced: application.status?.sync?.status === 'Synced',
    argocdHealthy: application.status?.health?.status === 'Healthy',
    argocdDaysSinceDeploy:
      deployedAt === undefined
        ? null
        : Math.max(0, Math.floor((now.getTime() - deployedAt) / DAY_MS)),
    argocdFirstDeployedAt: firstDeployedAt(application),
    hasHealthCheck: workloads.length > 0 && workloads.every(hasProbes),
  };
}
