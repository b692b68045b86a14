import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { TENANT_ENTITY_TYPE } from '@internal/plugin-bookstore-tenant-common';
import {
  catalogFacts,
  catalogFactsSchema,
  TECHDOCS_ANNOTATION,
} from '../facts/catalogFacts';

/** The retriever's id: the `factIds` of the checks, and its key under `techInsights.factRetrievers`. */
export const CATALOG_FACTS_ID = 'bookstoreCatalogFacts';

/** The files of an entity's published TechDocs site (techdocs_metadata.json), none when unpublished. */
async function readTechDocsFiles(
  entity: Entity,
  options: {
    auth: AuthService;
    discovery: DiscoveryService;
    requestTimeoutMs: number;
  },
): Promise<string[]> {
  const { namespace, kind, name } = getCompoundEntityRef(entity);
  const { token } = await options.auth.getPluginRequestToken({
    onBehalfOf: await options.auth.getOwnServiceCredentials(),
    targetPluginId: 'techdocs',
  });
  const baseUrl = await options.discovery.getBaseUrl('techdocs');
  const response = await fetch(
    `${baseUrl}/metadata/techdocs/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`,
    {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(options.requestTimeoutMs),
    },
  );
  if (response.status === 404) {
    return [];
  }
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const metadata = (await response.json()) as { files?: string[] };
  return metadata.files ?? [];
}

/**
 * Facts of every Component from the catalog (read with the module's service
 * credentials) and the TechDocs backend: PagerDuty, runbook, TechDocs, API
 * documented, owner and on-call, tenant, golden path, Grafana dashboard.
 */
export function createCatalogFactRetriever(options: {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  requestTimeoutMs: number;
}): FactRetriever {
  return {
    id: CATALOG_FACTS_ID,
    // A new version for each change of the schema: the tech insights backend keeps the first
    // schema stored for a version, and a check may use only the facts of the latest one.
    version: '0.2.0',
    title: 'Bookstore catalog facts',
    description:
      'Reliability, documentation, ownership, tenant and dashboard facts of each Component, from the catalog and TechDocs',
    entityFilter: [{ kind: 'component' }],
    schema: catalogFactsSchema,
    async handler({ logger }) {
      const { items } = await options.catalog.getEntities(
        {
          filter: [
            { kind: 'component' },
            { kind: 'group' },
            { kind: 'api' },
            { kind: 'resource', 'spec.type': TENANT_ENTITY_TYPE },
          ],
        },
        { credentials: await options.auth.getOwnServiceCredentials() },
      );
      const components = items.filter(
        e => e.kind.toLocaleLowerCase('en-US') === 'component',
      );
      const techDocsFiles = new Map<string, string[]>();
      for (const component of components) {
        if (component.metadata.annotations?.[TECHDOCS_ANNOTATION]) {
          techDocsFiles.set(
            stringifyEntityRef(component),
            await readTechDocsFiles(component, options),
          );
        }
      }
      logger.info(
        `Read ${components.length} Components, ${
          items.length - components.length
        } Groups, APIs and tenants, ${techDocsFiles.size} TechDocs sites`,
      );
      const snapshot = { entities: items, techDocsFiles };
      return components.map(component => ({
        entity: getCompoundEntityRef(component),
        facts: catalogFacts(component, snapshot),
      }));
    },
  };
}
