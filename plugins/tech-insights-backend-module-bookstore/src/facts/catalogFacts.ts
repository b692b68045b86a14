import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  TENANT_ANNOTATION,
  TENANT_ENTITY_TYPE,
} from '@internal/plugin-bookstore-tenant-common';
import {
  DASHBOARD_LINK_TYPE,
  dashboardsOf,
  GRAFANA_DASHBOARD_ANNOTATION,
} from '@internal/plugin-monitoring-common';

/** The annotation our PagerDuty plugin (plugins/pagerduty) reads. */
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';
export const TECHDOCS_ANNOTATION = 'backstage.io/techdocs-ref';
/** The link type the example services and runbooks use (`links[].type`). */
export const RUNBOOK_LINK_TYPE = 'runbook';
/** The page `docs/runbook.md` becomes in a published TechDocs site. */
export const RUNBOOK_SITE_FILE = 'runbook/index.html';

/** What a Component's catalog facts are computed from: the rest of the catalog. */
export interface CatalogSnapshot {
  /** Every Component, Group, API and bookstore-tenant Resource. */
  entities: Entity[];
  /** The files of each entity's published TechDocs site, by entity ref; none when unpublished. */
  techDocsFiles: Map<string, string[]>;
}

/** The facts of `bookstoreCatalogFacts`, one value per fact. */
export type CatalogFacts = {
  hasPagerDutyService: boolean;
  hasRunbook: boolean;
  hasTechDocs: boolean;
  hasDocumentedApi: boolean;
  ownerGroupExists: boolean;
  ownerHasOnCall: boolean;
  tenantExists: boolean;
  madeByGoldenPath: boolean;
  hasDashboard: boolean;
};

export const catalogFactsSchema = {
  hasPagerDutyService: {
    type: 'boolean',
    description: `The Component has a PagerDuty service (annotation ${PAGERDUTY_SERVICE_ANNOTATION})`,
  },
  hasRunbook: {
    type: 'boolean',
    description: `A link of type ${RUNBOOK_LINK_TYPE}, or a runbook page (docs/runbook.md) in the published TechDocs site`,
  },
  hasTechDocs: {
    type: 'boolean',
    description: `The Component has TechDocs (annotation ${TECHDOCS_ANNOTATION})`,
  },
  hasDocumentedApi: {
    type: 'boolean',
    description:
      'The Component provides at least one API, and every API it provides is in the catalog with a definition',
  },
  ownerGroupExists: {
    type: 'boolean',
    description: 'spec.owner is a Group of the catalog',
  },
  ownerHasOnCall: {
    type: 'boolean',
    description: `The owner Group exists and owns at least one Component with a PagerDuty service (annotation ${PAGERDUTY_SERVICE_ANNOTATION})`,
  },
  tenantExists: {
    type: 'boolean',
    description: `The tenant of annotation ${TENANT_ANNOTATION} is a Resource of spec.type ${TENANT_ENTITY_TYPE} in the catalog (from the clusters' BookstoreTenant claims)`,
  },
  madeByGoldenPath: {
    type: 'boolean',
    description: `Made by the new-bookstore-service template: its catalog-info.yaml sets annotation ${TENANT_ANNOTATION}`,
  },
  hasDashboard: {
    type: 'boolean',
    description: `The Component has a Grafana dashboard (annotation ${GRAFANA_DASHBOARD_ANNOTATION}, or a link of type ${DASHBOARD_LINK_TYPE}), as its Monitoring tab lists them`,
  },
} as const;

function kindIs(entity: Entity, kind: string): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === kind;
}

function refOrUndefined(
  ref: string | undefined,
  defaults: { defaultKind: string; defaultNamespace: string },
): string | undefined {
  if (!ref?.trim()) {
    return undefined;
  }
  try {
    return stringifyEntityRef(parseEntityRef(ref.trim(), defaults));
  } catch {
    return undefined;
  }
}

function ownerRef(entity: Entity): string | undefined {
  return refOrUndefined(entity.spec?.owner as string | undefined, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
}

/**
 * The catalog facts of one Component: pure, from the Component and a snapshot
 * of the catalog (and the TechDocs sites' files) taken for the whole run.
 */
export function catalogFacts(
  component: Entity,
  snapshot: CatalogSnapshot,
): CatalogFacts {
  const annotations = component.metadata.annotations ?? {};
  const refs = new Set(snapshot.entities.map(e => stringifyEntityRef(e)));
  const namespace = component.metadata.namespace ?? 'default';

  const siteFiles =
    snapshot.techDocsFiles.get(stringifyEntityRef(component)) ?? [];
  const hasRunbook =
    (component.metadata.links ?? []).some(
      link => link.type === RUNBOOK_LINK_TYPE,
    ) || siteFiles.includes(RUNBOOK_SITE_FILE);

  const providedApis = ((component.spec?.providesApis as string[]) ?? []).map(
    api =>
      refOrUndefined(api, { defaultKind: 'api', defaultNamespace: namespace }),
  );
  const apis = new Map(
    snapshot.entities
      .filter(e => kindIs(e, 'api'))
      .map(e => [stringifyEntityRef(e), e]),
  );
  const hasDocumentedApi =
    providedApis.length > 0 &&
    providedApis.every(ref => {
      const definition = ref ? apis.get(ref)?.spec?.definition : undefined;
      return typeof definition === 'string' && definition.trim().length > 0;
    });

  const owner = ownerRef(component);
  const ownerGroupExists =
    owner !== undefined && owner.startsWith('group:') && refs.has(owner);
  const ownerHasOnCall =
    ownerGroupExists &&
    snapshot.entities.some(
      e =>
        kindIs(e, 'component') &&
        ownerRef(e) === owner &&
        Boolean(e.metadata.annotations?.[PAGERDUTY_SERVICE_ANNOTATION]?.trim()),
    );

  const tenant = refOrUndefined(annotations[TENANT_ANNOTATION], {
    defaultKind: 'resource',
    defaultNamespace: 'default',
  });
  const tenantExists =
    tenant !== undefined &&
    snapshot.entities.some(
      e =>
        kindIs(e, 'resource') &&
        e.spec?.type === TENANT_ENTITY_TYPE &&
        stringifyEntityRef(e) === tenant,
    );

  return {
    hasPagerDutyService: Boolean(
      annotations[PAGERDUTY_SERVICE_ANNOTATION]?.trim(),
    ),
    hasRunbook,
    hasTechDocs: Boolean(annotations[TECHDOCS_ANNOTATION]?.trim()),
    hasDocumentedApi,
    ownerGroupExists,
    ownerHasOnCall,
    tenantExists,
    madeByGoldenPath: Boolean(annotations[TENANT_ANNOTATION]?.trim()),
    hasDashboard: dashboardsOf(component).length > 0,
  };
}
