import { ConfigApi } from '@backstage/frontend-plugin-api';

/** Set (frontend-visible) exactly when the PagerDuty backend is configured. */
export const API_BASE_URL_CONFIG_KEY = 'pagerDuty.apiBaseUrl';

export function isPagerDutyConfigured(config: ConfigApi): boolean {
  return Boolean(config.getOptionalString(API_BASE_URL_CONFIG_KEY));
}
