import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  DispatchStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { KubernetesClusterConfig } from './readKubernetesClusters';

/** The Kubernetes plugin's `AuthenticationStrategy`: credentials for a cluster. */
export type KubernetesAuthStrategy = AuthenticationStrategy;

/**
 * The auth providers whose credentials come from the signed-in user's browser
 * (the Kubernetes tab sends them); a reader without a user cannot use them.
 * (`aks` without a user's token goes anonymous, and the cluster answers 401.)
 */
export const USER_TOKEN_AUTH_PROVIDERS: readonly string[] = ['google', 'oidc'];

/**
 * `serviceAccount` as the Kubernetes plugin's `ServiceAccountStrategy` does it:
 * the configured token, else the pod's own token file (from the library's
 * in-cluster config). The plugin's class loads `@kubernetes/client-node` with a
 * dynamic `import()`, which Jest's CommonJS runtime refuses; this one imports it
 * statically, so the tests run the code the portal runs.
 */
export class ServiceAccountTokenStrategy implements AuthenticationStrategy {
  async getCredential(
    clusterDetails: ClusterDetails,
  ): Promise<KubernetesCredential> {
    const token = clusterDetails.authMetadata.serviceAccountToken;
    if (token) {
      return { type: 'bearer token', token };
    }
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromCluster();
    const tokenFile = kubeConfig.getCurrentUser()?.authProvider?.config
      ?.tokenFile as string | undefined;
    if (!tokenFile) {
      throw new Error('no serviceAccountToken and no in-cluster token file');
    }
    return {
      type: 'bearer token',
      token: (await readFile(tokenFile, 'utf8')).trim(),
    };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(_authMetadata: AuthMetadata): AuthMetadata {
    return {};
  }
}

/**
 * The Kubernetes plugin's authentication strategies, one per `authProvider`,
 * behind its `DispatchStrategy` — the same credentials the Kubernetes tab uses:
 * `serviceAccount`, `aws`, `azure`, `googleServiceAccount`, `localKubectlProxy`
 * (anonymous), and the user-token ones `google`, `oidc`, `aks`. Only
 * `serviceAccount` is our own, doing what the plugin's does (see
 * {@link ServiceAccountTokenStrategy}).
 */
export function createKubernetesAuthStrategy(options: {
  config: Config;
  logger: LoggerService;
}): KubernetesAuthStrategy {
  const { config, logger } = options;
  return new DispatchStrategy({
    authStrategyMap: {
      aks: new AksStrategy(),
      aws: new AwsIamStrategy({ config }),
      azure: new AzureIdentityStrategy(logger),
      google: new GoogleStrategy(),
      googleServiceAccount: new GoogleServiceAccountStrategy({ config }),
      localKubectlProxy: new AnonymousStrategy(),
      oidc: new OidcStrategy(),
      serviceAccount: new ServiceAccountTokenStrategy(),
    },
  });
}

/** A cluster as the Kubernetes plugin's strategies take it (its `authMetadata` as the config locator builds it). */
export function toClusterDetails(
  cluster: KubernetesClusterConfig,
): ClusterDetails {
  return {
    name: cluster.name,
    url: cluster.url,
    skipTLSVerify: cluster.skipTLSVerify,
    caData: cluster.caData,
    caFile: cluster.caFile,
    authMetadata: {
      [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: cluster.authProvider,
      ...(cluster.serviceAccountToken
        ? { serviceAccountToken: cluster.serviceAccountToken }
        : {}),
      ...(cluster.assumeRole
        ? { [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: cluster.assumeRole }
        : {}),
      ...(cluster.externalId
        ? { [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: cluster.externalId }
        : {}),
      ...(cluster.oidcTokenProvider
        ? {
            [ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]:
              cluster.oidcTokenProvider,
          }
        : {}),
      ...cluster.authMetadata,
    },
  };
}
