/**
 * Backend pieces shared by the `bookstore:tenant` scaffolder action and the
 * Crossplane catalog provider: the clusters of `kubernetes.clusterLocatorMethods`,
 * the Kubernetes plugin's auth strategies, and a client for the Kubernetes API
 * on `@kubernetes/client-node`.
 *
 * @packageDocumentation
 */
export {
  readKubernetesClusters,
  type KubernetesClusterConfig,
} from './kubernetes/readKubernetesClusters';
export {
  createKubernetesAuthStrategy,
  toClusterDetails,
  USER_TOKEN_AUTH_PROVIDERS,
  type KubernetesAuthStrategy,
} from './kubernetes/authStrategy';
export {
  KubernetesApiClient,
  kubernetesApiPath,
  type ApplyOptions,
  type ApplyResult,
  type KubernetesApiClientOptions,
  type KubernetesNamedObjectRef,
  type KubernetesObject,
  type KubernetesObjectRef,
  type KubernetesApiResource,
  type KubernetesList,
  type ListOptions,
  type WatchEvent,
  type WatchOptions,
} from './kubernetes/KubernetesApiClient';
export {
  getKubernetesFailure,
  kubernetesError,
  type KubernetesError,
  type KubernetesFailure,
} from './kubernetes/errors';
