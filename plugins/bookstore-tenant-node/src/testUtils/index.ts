/**
 * Test helpers: a real kube-apiserver with etcd (scripts/kube-test-server) and a
 * fault-injecting proxy for it; a fake Kubernetes API server that speaks the
 * wire format of GET, server-side apply, list (paged) and watch, and a
 * self-signed certificate to serve it over HTTPS.
 * For tests only; nothing in the portal's runtime imports this.
 *
 * @packageDocumentation
 */
export {
  startFakeKubernetesApi,
  type FakeKubernetesApi,
  type FakeKubernetesApiOptions,
  type FakeKubernetesFailure,
  type FakeKubernetesRequest,
} from './fakeKubernetesApi';
export {
  startRealKubernetesApi,
  TENANT_READER_RULES,
  TENANT_APPLIER_RULES,
  type RealKubernetesApi,
  type RealKubernetesApiOptions,
  type KubernetesApiAnswer,
  type KubernetesPolicyRule,
  type KubernetesServiceAccount,
} from './realKubernetesApi';
export {
  startKubernetesFaultProxy,
  type KubernetesFault,
  type KubernetesFaultFilter,
  type KubernetesFaultProxy,
  type KubernetesProxiedRequest,
} from './kubernetesFaultProxy';
export { tenantCustomResourceDefinitions } from './tenantCrds';
export { createSelfSignedCertificate } from './selfSignedCertificate';
export { rejectionOf } from './rejectionOf';
export { testAuthStrategy } from './testAuthStrategy';
