/**
 * What the Adoption page and its backend share: the permission to read the
 * adoption figures, the limits of an analytics event batch and the wire types
 * of the summary.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './events';
export type * from './summary';
