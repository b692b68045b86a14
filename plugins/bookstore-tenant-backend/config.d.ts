export interface Config {
  /** The bookstore platform's own settings. */
  bookstore?: {
    tenants?: {
      /**
       * The Tenant tab's live view: what the bookstore-tenant backend reads from
       * the clusters of `kubernetes.clusterLocatorMethods` (type: config).
       */
      live?: {
        /**
         * How long one request to a cluster may take, in milliseconds. A cluster
         * that takes longer is shown with a timeout error; the others still answer.
         * @default 5000
         */
        requestTimeoutMs?: number;
      };
    };
  };
}
