/**
 * TechDocs backend module: the counter `techdocs_build_failures_total{entity,stage}` of failed
 * TechDocs builds and reads, per entity.
 *
 * @packageDocumentation
 */
export { techdocsModuleFailureMetrics as default } from './module';
export { classifyTechDocsRequest } from './failureCounter';
