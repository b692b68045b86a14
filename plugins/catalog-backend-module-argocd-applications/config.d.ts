import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

interface ProviderConfig {
  /**
   * The owner of an Application no Component claims, as an entity ref,
   * e.g. `group:default/platform-team`. Required.
   */
  fallbackOwner: string;
  /** When full runs happen (list every instance again). The stream keeps up in between. Required. */
  schedule: SchedulerServiceTaskScheduleDefinitionConfig;
  /**
   * The Argo CD instances to read, by name, from `argocd.appLocatorMethods[].instances`
   * (the entries the Argo CD backend reads). Default: every instance there.
   */
  instances?: string[];
  /** Keep up between full runs with `/api/v1/stream/applications`. Default true. */
  stream?: boolean;
  /** How long one list request to an instance may take, in milliseconds. Default 10000. */
  requestTimeoutMs?: number;
}

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The Argo CD Application provider (plugins/catalog-backend-module-argocd-applications):
       * every Application of the instances in `argocd.appLocatorMethods` becomes a `Resource`
       * entity of `spec.type: argocd-application`. One instance, or several keyed by id.
       */
      argocdApplications?: ProviderConfig | { [id: string]: ProviderConfig };
    };
  };
}
