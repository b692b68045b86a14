/**
 * Backend pieces shared by the `bookstore:tenant` scaffolder action and the
 * Crossplane catalog provider: the clusters of `kubernetes.clusterLocatorMethods`
 * and a small client for the Kubernetes API.
 *
 * @packageDocumentation
 */
export {
  readKubernetesClusters,
  type KubernetesClusterConfig,
} from './kubernetes/readKubernetesClusters';
export {
  KubernetesApiClient,
  IN_CLUSTER_TOKEN_PATH,
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
