import { Config } from '@backstage/config';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';

/**
 * A cluster from `kubernetes.clusterLocatorMethods[type=config].clusters[]`,
 * the same entries the Kubernetes plugin reads.
 */
export interface KubernetesClusterConfig {
  /** The cluster's name, unique across the config. */
  name: string;
  /** The API server's base URL, e.g. `https://10.0.0.1:6443`. */
  url: string;
  /**
   * How to authenticate, as for the Kubernetes plugin: `serviceAccount`, `aws`,
   * `azure`, `googleServiceAccount`, `localKubectlProxy`, … (`google`, `oidc` and
   * `aks` need a signed-in user's token, which background readers do not have).
   */
  authProvider: string;
  /**
   * The service account's bearer token. Without it the client uses the
   * in-cluster token file, as the Kubernetes plugin does.
   */
  serviceAccountToken?: string;
  /** `aws`: the role to assume. */
  assumeRole?: string;
  /** `aws`: the external id of the role to assume. */
  externalId?: string;
  /** `oidc`: the auth provider whose token the cluster accepts. */
  oidcTokenProvider?: string;
  /** The cluster's `authMetadata` block, as the Kubernetes plugin reads it. */
  authMetadata?: Record<string, string>;
  /** Base64-encoded PEM bundle of the certificate authorities to trust. */
  caData?: string;
  /** Path of a PEM file of the certificate authorities to trust. */
  caFile?: string;
  /** Skips TLS certificate verification. Never in production. */
  skipTLSVerify: boolean;
  /** Where the cluster is in config, for error messages: `kubernetes.clusterLocatorMethods[0].clusters[1]`. */
  configKey: string;
}

function required(
  cluster: Config,
  key: string,
  at: string,
  preferred?: string,
): string {
  const value = preferred || cluster.getOptionalString(key);
  if (!value) {
    const name = cluster.getOptionalString('name');
    throw new Error(
      `Missing required config value '${at}.${key}'${
        name && key !== 'name' ? ` (cluster '${name}')` : ''
      }: every cluster in kubernetes.clusterLocatorMethods needs name, url and authProvider`,
    );
  }
  return value;
}

function readAuthMetadata(
  cluster: Config,
  configKey: string,
): Record<string, string> | undefined {
  const block = cluster.getOptionalConfig('authMetadata');
  if (!block) {
    return undefined;
  }
  return Object.fromEntries(
    block.keys().map(key => {
      const value = block.getOptional(key);
      if (typeof value !== 'string') {
        throw new Error(
          `Invalid config value '${configKey}.authMetadata.${key}': the Kubernetes plugin reads authMetadata values as strings`,
        );
      }
      return [key, value];
    }),
  );
}

/**
 * Reads the clusters of every `type: config` cluster locator method.
 * Fails with the config key of the first missing value or repeated name;
 * no locator methods at all means no clusters.
 */
export function readKubernetesClusters(
  config: Config,
): KubernetesClusterConfig[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: KubernetesClusterConfig[] = [];
  methods.forEach((method, i) => {
    if (method.getOptionalString('type') !== 'config') {
      return;
    }
    const entries = method.getOptionalConfigArray('clusters') ?? [];
    entries.forEach((cluster, j) => {
      const configKey = `kubernetes.clusterLocatorMethods[${i}].clusters[${j}]`;
      const name = required(cluster, 'name', configKey);
      const existing = clusters.find(c => c.name === name);
      if (existing) {
        throw new Error(
          `Kubernetes cluster name '${name}' is used twice: ${existing.configKey}.name and ${configKey}.name`,
        );
      }
      const authMetadata = readAuthMetadata(cluster, configKey);
      clusters.push({
        name,
        url: required(cluster, 'url', configKey),
        // As the Kubernetes plugin: authMetadata's provider wins over authProvider.
        authProvider: required(
          cluster,
          'authProvider',
          configKey,
          authMetadata?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER],
        ),
        serviceAccountToken:
          cluster.getOptionalString('serviceAccountToken') || undefined,
        assumeRole: cluster.getOptionalString('assumeRole') || undefined,
        externalId: cluster.getOptionalString('externalId') || undefined,
        oidcTokenProvider:
          cluster.getOptionalString('oidcTokenProvider') || undefined,
        ...(authMetadata ? { authMetadata } : {}),
        caData: cluster.getOptionalString('caData') || undefined,
        caFile: cluster.getOptionalString('caFile') || undefined,
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        configKey,
      });
    });
  });
  return clusters;
}
