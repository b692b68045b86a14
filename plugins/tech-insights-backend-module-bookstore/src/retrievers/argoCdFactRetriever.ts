import type { AuthService } from '@backstage/backend-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import type { ArgoCdClient } from '@internal/plugin-catalog-backend-module-argocd-applications';
import {
  ARGOCD_APP_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
  ARGOCD_NAMESPACE_ANNOTATION,
  ArgoCdFacts,
  argoCdFacts,
  argoCdFactsSchema,
  NO_APPLICATION_FACTS,
} from '../facts/argoCdFacts';

/** The retriever's id: the `factIds` of the checks, and its key under `techInsights.factRetrievers`. */
export const ARGOCD_FACTS_ID = 'bookstoreArgoCdFacts';

/**
 * The Application is not there for this token: argocd-server answers an
 * Application that does not exist (or that the token may not see) with 403
 * `permission denied`, so as not to reveal which exist; 404 from older servers.
 */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof ResponseError &&
    (error.statusCode === 404 || error.statusCode === 403)
  );
}

/**
 * The facts of one Application from the first of `clients` that has it;
 * undefined when an instance that might have it failed (recorded in `failed`,
 * and not asked again in the run).
 */
async function applicationFacts(
  appName: string,
  appNamespace: string | undefined,
  clients: ArgoCdClient[],
  failed: Map<string, string>,
  now: Date,
): Promise<ArgoCdFacts | undefined> {
  let unanswered = false;
  for (const client of clients) {
    if (failed.has(client.instance.name)) {
      unanswered = true;
      continue;
    }
    try {
      const application = await client.getApplication(appName, appNamespace);
      const manifests = await client.getManifests(appName, appNamespace);
      return argoCdFacts(application, manifests, now);
    } catch (error) {
      if (!isNotFound(error)) {
        failed.set(client.instance.name, String(error));
        unanswered = true;
      }
    }
  }
  return unanswered ? undefined : NO_APPLICATION_FACTS;
}

/**
 * Facts of every Component from its Argo CD Application, read through
 * argocd-server's API (`/api/v1/applications/{name}` and its `/manifests`) of
 * the instance named by `argocd/instance-name`, else the first instance that
 * has it. A Component whose instance fails gets no facts in that run (its
 * last ones stay the latest); one error line names the instance.
 */
export function createArgoCdFactRetriever(options: {
  catalog: CatalogService;
  auth: AuthService;
  clients: ArgoCdClient[];
  now?: () => Date;
}): FactRetriever {
  const now = options.now ?? (() => new Date());
  return {
    id: ARGOCD_FACTS_ID,
    // A new version for each change of the schema (0.2.0: argocdFirstDeployedAt), as the
    // catalog facts' retriever explains.
    version: '0.2.0',
    title: 'Bookstore Argo CD facts',
    description:
      'Sync, health, last deployment and health checks of the Argo CD Application of each Component',
    entityFilter: [{ kind: 'component' }],
    schema: argoCdFactsSchema,
    async handler({ logger }) {
      const { items } = await options.catalog.getEntities(
        { filter: { kind: 'component' } },
        { credentials: await options.auth.getOwnServiceCredentials() },
      );
      const failed = new Map<string, string>();
      const facts: TechInsightFact[] = [];
      for (const component of items) {
        const annotations = component.metadata.annotations ?? {};
        const appName = annotations[ARGOCD_APP_ANNOTATION]?.trim();
        const instanceName = annotations[ARGOCD_INSTANCE_ANNOTATION]?.trim();
        const value = appName
          ? await applicationFacts(
              appName,
              annotations[ARGOCD_NAMESPACE_ANNOTATION],
              options.clients.filter(
                c => !instanceName || c.instance.name === instanceName,
              ),
              failed,
              now(),
            )
          : NO_APPLICATION_FACTS;
        if (value) {
          facts.push({
            entity: getCompoundEntityRef(component),
            facts: { ...value },
          });
        }
      }
      for (const [instance, error] of failed) {
        logger.error(
          `Argo CD instance ${instance} failed, its Components keep their last facts: ${error}`,
        );
      }
      logger.info(
        `Argo CD facts of ${facts.length} of ${items.length} Components`,
      );
      return facts;
    },
  };
}
