/**
 * Tech insights backend module: the bookstore fact retrievers (catalog and
 * TechDocs facts, Argo CD facts, Prometheus facts through the monitoring
 * backend) behind the platform scorecards.
 *
 * @packageDocumentation
 */
export { techInsightsModuleBookstoreFacts as default } from './module';
export { CATALOG_FACTS_ID } from './retrievers/catalogFactRetriever';
export { ARGOCD_FACTS_ID } from './retrievers/argoCdFactRetriever';
export { PROMETHEUS_FACTS_ID } from './retrievers/prometheusFactRetriever';
export { catalogFacts, type CatalogFacts } from './facts/catalogFacts';
export { argoCdFacts, type ArgoCdFacts } from './facts/argoCdFacts';
export { prometheusFacts, type PrometheusFacts } from './facts/prometheusFacts';
