/**
 * Search backend module: the local start's in-memory engine answers a query for a document
 * type that has no index yet (e.g. TechDocs before any site was published) with no results
 * instead of a 500.
 *
 * @packageDocumentation
 */
export { searchModuleLenientLunrEngine as default } from './module';
export { LenientLunrSearchEngine } from './LenientLunrSearchEngine';
