export interface Config {
  pagerDuty?: {
    /**
     * The PagerDuty REST API base URL the PagerDuty backend plugin talks to.
     * The On-call tab treats PagerDuty as configured when this is set.
     * @visibility frontend
     */
    apiBaseUrl?: string;
  };
}
