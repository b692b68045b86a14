/**
 * What the Monitoring tab, its backend and the scorecards' facts share: the
 * annotations that pick a service's alerts and rules, its Grafana dashboards,
 * and the wire types of the backend's answers.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './dashboards';
export type * from './types';
