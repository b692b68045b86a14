/**
 * The Monitoring tab for service pages: active alerts, alerting rules' state,
 * request-rate, error-ratio and p99-latency graphs from Prometheus (through the
 * monitoring backend) and the component's Grafana dashboards.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { monitoringApiRef, type MonitoringApi } from './api/MonitoringApi';
export { MonitoringClient } from './api/MonitoringClient';
export { prometheusInstanceNames } from './monitoringConfig';
