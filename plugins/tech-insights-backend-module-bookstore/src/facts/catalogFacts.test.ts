import type { Entity } from '@backstage/catalog-model';
import { catalogFacts, CatalogSnapshot } from './catalogFacts';
import {
  catalogEntities,
  GOLDEN_SERVICE_CATALOG_FACTS,
  goldenService,
  LEGACY_SERVICE_CATALOG_FACTS,
  legacyService,
} from '../__testUtils__/entities';

const published: CatalogSnapshot = {
  entities: catalogEntities,
  techDocsFiles: new Map([
    ['component:default/orders', ['index.html', 'runbook/index.html']],
  ]),
};

describe('catalogFacts', () => {
  it('scores the golden-path service from the catalog and its TechDocs site', () => {
    expect(catalogFacts(goldenService, published)).toEqual(
      GOLDEN_SERVICE_CATALOG_FACTS,
    );
  });

  it('scores the hand-made service as missing all of it', () => {
    expect(catalogFacts(legacyService, published)).toEqual(
      LEGACY_SERVICE_CATALOG_FACTS,
    );
  });

  it('finds no runbook in an unpublished site, and takes a runbook link instead', () => {
    const unpublished = { ...published, techDocsFiles: new Map() };
    expect(catalogFacts(goldenService, unpublished).hasRunbook).toBe(false);
    const linked: Entity = {
      ...goldenService,
      metadata: {
        ...goldenService.metadata,
        links: [{ url: 'https://example/runbook.md', type: 'runbook' }],
      },
    };
    expect(catalogFacts(linked, unpublished).hasRunbook).toBe(true);
  });

  it('counts a Grafana dashboard from a link of type dashboard as from the annotation', () => {
    const annotations = { ...goldenService.metadata.annotations };
    delete annotations['grafana/overview-dashboard'];
    const linked: Entity = {
      ...goldenService,
      metadata: {
        ...goldenService.metadata,
        annotations,
        links: [{ url: 'https://grafana.example/d/orders', type: 'dashboard' }],
      },
    };
    expect(catalogFacts(linked, published).hasDashboard).toBe(true);
    expect(
      catalogFacts(
        { ...linked, metadata: { ...linked.metadata, links: [] } },
        published,
      ).hasDashboard,
    ).toBe(false);
  });

  it.each([
    [
      'a tenant that is not in the catalog',
      { 'platform.bookstore.io/tenant': 'gone' },
      'tenantExists',
    ],
    [
      'a tenant ref that does not parse',
      { 'platform.bookstore.io/tenant': 'a:b:c' },
      'tenantExists',
    ],
  ] as const)('%s', (_, annotations, fact) => {
    const component: Entity = {
      ...goldenService,
      metadata: { ...goldenService.metadata, annotations },
    };
    expect(catalogFacts(component, published)[fact]).toBe(false);
  });

  it('needs every provided API documented, and an owner that is a Group', () => {
    const both: Entity = {
      ...goldenService,
      spec: {
        ...goldenService.spec,
        providesApis: ['orders-api', 'billing-api'],
        owner: 'user:default/alice',
      },
    };
    const facts = catalogFacts(both, published);
    expect(facts.hasDocumentedApi).toBe(false);
    expect(facts.ownerGroupExists).toBe(false);
    expect(facts.ownerHasOnCall).toBe(false);
  });

  it('counts a team on call when another of its services has PagerDuty', () => {
    const quiet: Entity = {
      ...goldenService,
      metadata: { name: 'orders-worker', namespace: 'default' },
    };
    const facts = catalogFacts(quiet, {
      ...published,
      entities: [...catalogEntities, quiet],
    });
    expect(facts.hasPagerDutyService).toBe(false);
    expect(facts.ownerHasOnCall).toBe(true);
  });
});
