export interface Config {
  monitoring?: {
    prometheus?: {
      /**
       * The Prometheus instances the monitoring backend reads. The Monitoring
       * tab treats Prometheus as configured when there is at least one; only
       * the names reach the browser.
       */
      instances?: Array<{
        /**
         * The instance's name, e.g. its cluster or region.
         * @visibility frontend
         */
        name: string;
      }>;
    };
  };
}
