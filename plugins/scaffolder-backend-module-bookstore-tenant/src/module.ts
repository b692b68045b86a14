import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createKubernetesAuthStrategy } from '@internal/plugin-bookstore-tenant-node';
import { createGitopsLocalAction } from './actions/gitopsLocal';
import { createPublishLocalAction } from './actions/publishLocal';
import { createPublishPlanAction } from './actions/publishPlan';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createBookstoreTenantAction } from './actions/tenant';
import { createBookstoreTenantApplyAction } from './actions/tenantApply';
import { createVerifyServiceAction } from './actions/verifyService';
import { readGitopsConfig } from './lib/readGitopsConfig';
import { readPublishConfig } from './lib/readPublishConfig';
import { readServiceLinksConfig } from './lib/readServiceLinksConfig';
import { readTenantsConfig } from './lib/readTenantsConfig';
import { TaskCancellations } from './lib/taskCancellation';

/**
 * The bookstore's scaffolder actions: `bookstore:tenant` (a claim for GitOps),
 * `bookstore:tenant:apply` (a claim applied to the clusters), the golden paths'
 * check before publishing (`bookstore:service:verify`) and their publish
 * switch (`bookstore:publish:plan`, `bookstore:publish:local`,
 * `bookstore:catalog:register-local`) and the change to the local GitOps
 * repository (`bookstore:gitops:local`). Reads and
 * checks `bookstore.tenants`, `bookstore.publish`, `bookstore.gitops`, `bookstore.grafana` and `bookstore.argocd` at startup. Every action
 * stops at its start and before each side effect once its task is cancelled, as
 * soon as the scaffolder publishes the cancel (TaskCancellations).
 */
export const scaffolderModuleBookstoreTenant = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'bookstore-tenant',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        events: eventsServiceRef,
      },
      async init({
        scaffolder,
        config,
        catalog,
        logger,
        auth,
        permissions,
        userInfo,
        events,
      }) {
        const tenants = readTenantsConfig(config);
        const publish = readPublishConfig(config);
        const gitops = readGitopsConfig(config, publish);
        const links = readServiceLinksConfig(config);
        const cancellations = await TaskCancellations.create(events);
        scaffolder.addActions(
          createBookstoreTenantAction({ catalog, tenants, cancellations }),
          createBookstoreTenantApplyAction({
            catalog,
            tenants,
            authStrategy: createKubernetesAuthStrategy({ config, logger }),
            cancellations,
          }),
          createPublishPlanAction({ publish, gitops, links, cancellations }),
          createPublishLocalAction({ publish, config, cancellations }),
          createRegisterLocalAction({ catalog, publish, cancellations }),
          createGitopsLocalAction({ gitops, tenants, config, cancellations }),
          createVerifyServiceAction({
            catalog,
            auth,
            permissions,
            userInfo,
            publish,
            gitops,
            integrations: ScmIntegrations.fromConfig(config),
            links,
            cancellations,
          }),
        );
        logger.info(
          `BookstoreTenant regions ${tenants.regions
            .map(r => `${r.region}${r.cluster ? ` -> ${r.cluster.name}` : ''}`)
            .join(', ')}; publishing to ${
            publish.local ? publish.local.directory : publish.github.host
          }; GitOps repository ${
            gitops?.repository ?? 'none'
          }; new services link Grafana ${
            links.grafanaBaseUrl ?? 'none'
          } and Argo CD ${links.argocdBaseUrl ?? 'none'}`,
        );
      },
    });
  },
});
