import { AuthService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AdoptionSummary } from '@internal/plugin-adoption-common';
import { ComponentSeen } from '../database/AdoptionStore';

/** The annotation the new-bookstore-service golden path puts on its Components. */
export const GOLDEN_PATH_ANNOTATION = 'platform.bookstore.io/tenant';
/** The label the Argo CD Applications provider sets on claimed Applications. */
export const CLAIMED_LABEL = 'argocd.bookstore.io/claimed';
/** The annotation naming a Component's Argo CD Application (what the Argo CD tab reads). */
export const ARGOCD_APP_ANNOTATION = 'argocd/app-name';
/** The annotation of a Component with TechDocs. */
export const TECHDOCS_ANNOTATION = 'backstage.io/techdocs-ref';

/** What the catalog holds now, read with this plugin's service credentials. */
export interface CatalogSnapshot {
  components: ComponentSeen[];
  totals: AdoptionSummary['catalog'];
  /** Refs (lower case) of the Components Argo CD deploys (`argocd/app-name`). */
  argoCdComponents: Set<string>;
  /** The Components with TechDocs (`backstage.io/techdocs-ref`). */
  techDocsComponents: CompoundEntityRef[];
}

/** Reads the catalog's Components, Users and Argo CD Application Resources. */
export class CatalogFigures {
  constructor(
    private readonly deps: { auth: AuthService; catalog: CatalogService },
  ) {}

  async snapshot(): Promise<CatalogSnapshot> {
    const { auth, catalog } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const [components, users, applications] = await Promise.all([
      catalog.getEntities(
        {
          filter: { kind: 'Component' },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials },
      ),
      catalog.getEntities(
        { filter: { kind: 'User' }, fields: ['metadata.name'] },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': 'argocd-application' },
          fields: ['metadata.labels'],
        },
        { credentials },
      ),
    ]);
    const seen = components.items.map(entity => ({
      entityRef: stringifyEntityRef(entity),
      goldenPath: Boolean(
        entity.metadata.annotations?.[GOLDEN_PATH_ANNOTATION],
      ),
    }));
    const annotated = (annotation: string) =>
      components.items.filter(entity =>
        entity.metadata.annotations?.[annotation]?.trim(),
      );
    return {
      components: seen,
      argoCdComponents: new Set(
        annotated(ARGOCD_APP_ANNOTATION).map(entity =>
          stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        ),
      ),
      techDocsComponents: annotated(TECHDOCS_ANNOTATION).map(entity =>
        getCompoundEntityRef(entity),
      ),
      totals: {
        users: users.items.length,
        components: seen.length,
        goldenPathComponents: seen.filter(c => c.goldenPath).length,
        argoCdApplications: applications.items.length,
        claimedArgoCdApplications: applications.items.filter(
          entity => entity.metadata.labels?.[CLAIMED_LABEL] === 'true',
        ).length,
      },
    };
  }
}
