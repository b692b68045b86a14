import type { Entity } from '@backstage/catalog-model';
import type { CatalogFacts } from '../facts/catalogFacts';

/**
 * A service as the golden path makes it: TechDocs with a runbook page, tenant, PagerDuty, API,
 * its Prometheus rule group; and an overview dashboard.
 */
export const goldenService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'argocd/app-name': 'bookstore-orders-us-east',
      'pagerduty.com/service-id': 'P1ORDRS',
      'platform.bookstore.io/tenant': 'orders-tenant',
      'prometheus.io/rule': 'orders.rules',
      'grafana/overview-dashboard': 'https://grafana.example/d/orders',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-orders',
    providesApis: ['orders-api'],
  },
};

/**
 * A hand-made service: no runbook, no PagerDuty, no tenant, an API without a definition, a
 * Prometheus rule group that holds no rules, and its Grafana link not typed as a dashboard.
 */
export const legacyService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'legacy-billing',
    namespace: 'default',
    annotations: {
      'argocd/app-name': 'legacy-billing',
      'prometheus.io/rule': 'legacy-billing.rules',
    },
    links: [{ url: 'https://grafana.example/d/billing', title: 'Metrics' }],
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-billing',
    providesApis: ['billing-api'],
  },
};

function entity(kind: string, name: string, spec: Entity['spec']): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec,
  };
}

/** The rest of the catalog the two services are scored against. */
export const catalogEntities: Entity[] = [
  goldenService,
  legacyService,
  entity('Group', 'team-orders', { type: 'team', children: [] }),
  entity('API', 'orders-api', {
    type: 'openapi',
    lifecycle: 'production',
    owner: 'team-orders',
    definition:
      'openapi: 3.0.0\ninfo: { title: Orders, version: 1.0.0 }\npaths: {}\n',
  }),
  entity('API', 'billing-api', {
    type: 'openapi',
    lifecycle: 'production',
    owner: 'team-billing',
    definition: '',
  }),
  entity('Resource', 'orders-tenant', {
    type: 'bookstore-tenant',
    owner: 'team-orders',
  }),
];

/** goldenService's catalog facts, its TechDocs site published with the runbook page: all true. */
export const GOLDEN_SERVICE_CATALOG_FACTS: CatalogFacts = {
  hasPagerDutyService: true,
  hasRunbook: true,
  hasTechDocs: true,
  hasDocumentedApi: true,
  ownerGroupExists: true,
  ownerHasOnCall: true,
  tenantExists: true,
  madeByGoldenPath: true,
  hasDashboard: true,
};

/** legacyService's catalog facts: all false. */
export const LEGACY_SERVICE_CATALOG_FACTS: CatalogFacts = {
  hasPagerDutyService: false,
  hasRunbook: false,
  hasTechDocs: false,
  hasDocumentedApi: false,
  ownerGroupExists: false,
  ownerHasOnCall: false,
  tenantExists: false,
  madeByGoldenPath: false,
  hasDashboard: false,
};
