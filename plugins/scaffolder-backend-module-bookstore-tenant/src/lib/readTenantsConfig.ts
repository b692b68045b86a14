import { Config } from '@backstage/config';
import {
  DEFAULT_TEAM_LABEL,
  DNS_1123_LABEL,
  TENANT_REGIONS,
  TENANT_TIERS,
  TenantRegion,
  TenantTier,
} from '@internal/plugin-bookstore-tenant-common';
import {
  KubernetesClusterConfig,
  readKubernetesClusters,
} from '@internal/plugin-bookstore-tenant-node';

/** A region the portal offers, and the cluster `bookstore:tenant:apply` applies to there. */
export interface TenantRegionConfig {
  region: TenantRegion;
  /** Absent when the region is offered for `bookstore:tenant` (GitOps) only. */
  cluster?: KubernetesClusterConfig;
}

/** `bookstore.tenants`, with its defaults filled in and its clusters resolved. */
export interface TenantsConfig {
  defaultTier: TenantTier;
  claimNamespace: string;
  /** The regions offered, in config order. */
  regions: TenantRegionConfig[];
  teamLabel: string;
  fieldManager: string;
  requestTimeoutMs: number;
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  key: string,
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid config value at '${key}': '${value}' is not one of ${allowed.join(
        ', ',
      )}`,
    );
  }
  return value as T;
}

/**
 * Reads `bookstore.tenants`. Every region must be one the BookstoreTenant XRD
 * allows, and every cluster it names must be in
 * `kubernetes.clusterLocatorMethods` (type: config), the config the Kubernetes
 * plugin reads; anything else is an error naming the key, so a misconfigured
 * portal fails at startup rather than in a developer's task.
 */
export function readTenantsConfig(config: Config): TenantsConfig {
  const tenants = config.getOptionalConfig('bookstore.tenants');
  const defaultTier = oneOf(
    tenants?.getOptionalString('defaultTier') ?? 'starter',
    TENANT_TIERS,
    'bookstore.tenants.defaultTier',
  );
  const claimNamespace =
    tenants?.getOptionalString('claimNamespace') ?? 'bookstore-tenants';
  if (!DNS_1123_LABEL.test(claimNamespace) || claimNamespace.length > 63) {
    throw new Error(
      `Invalid config value at 'bookstore.tenants.claimNamespace': '${claimNamespace}' is not a Kubernetes namespace name (a DNS-1123 label)`,
    );
  }
  const teamLabel =
    tenants?.getOptionalString('teamLabel') ?? DEFAULT_TEAM_LABEL;
  if (!LABEL_KEY.test(teamLabel)) {
    throw new Error(
      `Invalid config value at 'bookstore.tenants.teamLabel': '${teamLabel}' is not a Kubernetes label key`,
    );
  }
  const fieldManager =
    tenants?.getOptionalString('fieldManager') ?? 'bookstore-portal';
  const requestTimeoutMs =
    tenants?.getOptionalNumber('requestTimeoutMs') ?? 10_000;

  const clusters = readKubernetesClusters(config);
  const regionsConfig = tenants?.getOptionalConfig('regions');
  const regionKeys = regionsConfig?.keys() ?? [...TENANT_REGIONS];
  if (regionKeys.length === 0) {
    throw new Error(
      `Invalid config value at 'bookstore.tenants.regions': offer at least one region (${TENANT_REGIONS.join(
        ', ',
      )})`,
    );
  }
  const regions = regionKeys.map(key => {
    const region = oneOf(
      key,
      TENANT_REGIONS,
      `bookstore.tenants.regions.${key}`,
    );
    const clusterName = regionsConfig
      ?.getOptionalConfig(key)
      ?.getOptionalString('cluster');
    if (!clusterName) {
      return { region };
    }
    const cluster = clusters.find(c => c.name === clusterName);
    if (!cluster) {
      throw new Error(
        `Invalid config value at 'bookstore.tenants.regions.${key}.cluster': cluster '${clusterName}' is not in kubernetes.clusterLocatorMethods (type: config); configured clusters: ${
          clusters.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    return { region, cluster };
  });

  return {
    defaultTier,
    claimNamespace,
    regions,
    teamLabel,
    fieldManager,
    requestTimeoutMs,
  };
}
