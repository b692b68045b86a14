export interface Config {
  techInsights?: {
    /**
     * The bookstore fact retrievers (plugins/tech-insights-backend-module-bookstore). Their
     * schedules and lifecycles are the tech insights backend's
     * `techInsights.factRetrievers.bookstoreCatalogFacts`, `.bookstoreArgoCdFacts` and
     * `.bookstorePrometheusFacts` (`cadence`, `lifecycle: { maxItems } | { timeToLive }`,
     * `initialDelay`, `timeout`); a retriever without that entry is not scheduled.
     */
    bookstore?: {
      /**
       * How long one request to Argo CD (`argocd.appLocatorMethods` instances), to the
       * TechDocs backend or to the monitoring backend may take, in milliseconds. Default 10000.
       */
      requestTimeoutMs?: number;
    };
  };
}
