import appBackend from '@backstage/plugin-app-backend';
import proxyBackend from '@backstage/plugin-proxy-backend';
import authBackend from '@backstage/plugin-auth-backend';
import authBackendModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import authBackendModuleOidcProvider from '@backstage/plugin-auth-backend-module-oidc-provider';
import authBackendModuleOauth2ProxyProvider from '@backstage/plugin-auth-backend-module-oauth2-proxy-provider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogBackendModuleLogs from '@backstage/plugin-catalog-backend-module-logs';
import catalogBackendModuleGithub from '@backstage/plugin-catalog-backend-module-github';
import catalogBackendModuleArgoCdApplications from '@internal/plugin-catalog-backend-module-argocd-applications';
import catalogBackendModuleCrossplaneTenants from '@internal/plugin-catalog-backend-module-crossplane-tenants';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderBackendModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderBackendModuleNotifications from '@backstage/plugin-scaffolder-backend-module-notifications';
import scaffolderBackendModuleBookstoreTenant, {
  catalogModuleBookstoreLocalGit,
} from '@internal/plugin-scaffolder-backend-module-bookstore-tenant';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import techdocsBackendModuleBookstore from '@internal/plugin-techdocs-backend-module-bookstore';
import searchBackend from '@backstage/plugin-search-backend';
import searchBackendModulePg from '@backstage/plugin-search-backend-module-pg';
import searchBackendModuleCatalog from '@backstage/plugin-search-backend-module-catalog';
import searchBackendModuleTechdocs from '@backstage/plugin-search-backend-module-techdocs';
import searchBackendModuleBookstore from '@internal/plugin-search-backend-module-bookstore';
import permissionBackend from '@backstage/plugin-permission-backend';
import permissionBackendModuleTeamLabelPolicy, {
  argoCdModuleWriteGate,
  authModuleTransitiveGroupOwnership,
  gatedSchedulerServiceFactory,
} from '@internal/plugin-permission-backend-module-team-label';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import argoCdBackend from '@roadiehq/backstage-plugin-argo-cd-backend';
import bookstoreTenantBackend from '@internal/plugin-bookstore-tenant-backend';
import monitoringBackend from '@internal/plugin-monitoring-backend';
import techInsightsBackend from '@backstage-community/plugin-tech-insights-backend';
import techInsightsBackendModuleJsonfc from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import techInsightsBackendModuleBookstore from '@internal/plugin-tech-insights-backend-module-bookstore';
import adoptionBackend from '@internal/plugin-adoption-backend';
import userSettingsBackend from '@backstage/plugin-user-settings-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import signalsBackend from '@backstage/plugin-signals-backend';
import { pagerDutyBackendWhenConfigured } from './pagerDutyBackendWhenConfigured';
import { catalogModuleKeycloakOrg } from './keycloakOrgModule';

/**
 * The backend's plugins and modules, in one list so that the tests start
 * exactly what ships.
 */
export const features = [
  // Every plugin's scheduler: triggering or cancelling a task is for admins and backend
  // services (bookstore.scheduler.trigger); replaces the default scheduler service.
  gatedSchedulerServiceFactory,

  appBackend,
  proxyBackend,

  // Auth: guest for the local start; OIDC (Keycloak) in production; oauth2Proxy (trusted
  // x-forwarded-* headers) for tests and e2e. A provider is only served when configured
  // under auth.providers. Signed-in users own their groups and all parent groups.
  authBackend,
  authBackendModuleGuestProvider,
  authBackendModuleOidcProvider,
  authBackendModuleOauth2ProxyProvider,
  authModuleTransitiveGroupOwnership,

  // Catalog
  // The Template kind comes with the team-label policy below (its owners do not name
  // labelled templates), instead of the scaffolder's entity model module.
  catalogBackend,
  catalogBackendModuleLogs,
  // catalog-info.yaml files of the GitHub organisation's repositories (catalog.providers.github,
  // authenticated as the GitHub App of integrations.github; off without it).
  catalogBackendModuleGithub,
  // Keycloak's users and groups (catalog.providers.keycloakOrg; off without it), with the
  // library's provider; a sync that skipped a failing page of Keycloak changes nothing.
  catalogModuleKeycloakOrg,
  // BookstoreTenant claims in the clusters become tenant Resources (catalog.providers.crossplaneTenants).
  catalogBackendModuleCrossplaneTenants,
  // Argo CD Applications become Resources linked to their Components, unclaimed ones visible
  // (catalog.providers.argocdApplications over argocd.appLocatorMethods; off without it).
  catalogBackendModuleArgoCdApplications,
  // Locally published repositories, one bookstore-local-git location each (bookstore.publish.target: local).
  catalogModuleBookstoreLocalGit,

  // Scaffolder
  scaffolderBackend,
  scaffolderBackendModuleGithub,
  scaffolderBackendModuleNotifications,
  // bookstore:tenant and the golden paths' publish switch (bookstore:publish:*).
  scaffolderBackendModuleBookstoreTenant,

  // TechDocs
  techdocsBackend,
  // techdocs_build_failures_total{entity,stage}: failed builds and reads of published sites.
  techdocsBackendModuleBookstore,

  // Search: the PostgreSQL engine when the database is `pg`, else the in-memory one, where a
  // type without an index yet (TechDocs before any site is published) has no results.
  searchBackend,
  searchBackendModulePg,
  searchBackendModuleBookstore,
  searchBackendModuleCatalog,
  searchBackendModuleTechdocs,

  // Permissions
  permissionBackend,
  // Team-labelled templates for their team and the admins (permission.teamLabel), with the
  // catalog's Template kind and the rule the policy's conditions use.
  permissionBackendModuleTeamLabelPolicy,

  // What the service page shows: Kubernetes, Argo CD, PagerDuty.
  kubernetesBackend,
  // Both read for everyone; changes (Argo CD create/sync/delete, PagerDuty settings and
  // mappings) for admins and backend services (bookstore.integration.write).
  argoCdBackend,
  argoCdModuleWriteGate,
  // Only when `pagerDuty` is configured (it logs an error at start-up otherwise), with its gate.
  pagerDutyBackendWhenConfigured,
  // The Tenant tab of bookstore-tenant Resources: their live state in each cluster.
  bookstoreTenantBackend,
  // The Monitoring tab: a service's alerts, rules and graphs from Prometheus (reads only).
  monitoringBackend,

  // Scorecards: our facts (catalog, TechDocs, Argo CD) on techInsights.factRetrievers, and the
  // checks of techInsights.factChecker.checks (json-rules-engine).
  techInsightsBackend,
  techInsightsBackendModuleJsonfc,
  techInsightsBackendModuleBookstore,

  // The Adoption page: the frontend's analytics events per signed-in user in the plugin's
  // own database, and the adoption figures per week for admins (adoption.summary.read).
  adoptionBackend,

  userSettingsBackend,
  notificationsBackend,
  signalsBackend,
];
