/**
 * What the Monitoring tab and its backend share: the annotations that pick a
 * service's alerts and rules, and the wire types of the backend's answers.
 *
 * @packageDocumentation
 */
export * from './annotations';
export type * from './types';
