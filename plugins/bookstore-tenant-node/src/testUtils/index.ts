/**
 * Test helpers: a fake Kubernetes API server that speaks the wire format of GET,
 * server-side apply, list (paged) and watch, and a self-signed certificate to
 * serve it over HTTPS.
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
export { createSelfSignedCertificate } from './selfSignedCertificate';
export { rejectionOf } from './rejectionOf';
