/**
 * The monitoring backend plugin: a service's active alerts, alerting rules and
 * RED graphs from the configured Prometheus instances, for the Monitoring tab.
 *
 * @packageDocumentation
 */
export { monitoringPlugin as default } from './plugin';
