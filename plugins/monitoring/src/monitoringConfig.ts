import { ConfigApi } from '@backstage/frontend-plugin-api';

/** The frontend-visible list of Prometheus instances. */
export const INSTANCES_CONFIG_KEY = 'monitoring.prometheus.instances';

/** The names of the Prometheus instances the monitoring backend reads. */
export function prometheusInstanceNames(config: ConfigApi): string[] {
  return (config.getOptionalConfigArray(INSTANCES_CONFIG_KEY) ?? []).map(
    instance => instance.getString('name'),
  );
}
