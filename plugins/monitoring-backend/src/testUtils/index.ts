/**
 * A small fake Prometheus (its HTTP API's wire format) for the backend's tests
 * and the e2e journeys.
 */
export {
  startFakePrometheus,
  type FakeAlertingRule,
  type FakePrometheus,
  type FakePrometheusData,
  type FakePrometheusRequest,
  type FakeSeries,
} from './fakePrometheus';
