import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import userSettingsModule from '@backstage/plugin-app-module-user-settings';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import techdocsAddonsModule from '@backstage/plugin-techdocs-module-addons-contrib/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import adoptionPlugin from '@internal/plugin-adoption';
import monitoringPlugin from '@internal/plugin-monitoring';
import pagerDutyPlugin from '@internal/plugin-pagerduty';
import scorecardsPlugin from '@internal/plugin-scorecards';
import bookstoreTenantPlugin from '@internal/plugin-bookstore-tenant';
import { argoCdPlugin } from './modules/argocd';
import { dependenciesModule } from './modules/dependencies';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

/**
 * Every feature of the portal, listed rather than discovered so that the
 * tests render exactly what ships.
 */
export const features = [
  catalogPlugin,
  catalogGraphPlugin,
  catalogImportPlugin,
  apiDocsPlugin,
  scaffolderPlugin,
  techdocsPlugin,
  techdocsAddonsModule,
  searchPlugin,
  kubernetesPlugin,
  orgPlugin,
  homePlugin,
  notificationsPlugin,
  signalsPlugin,
  userSettingsPlugin,
  userSettingsModule,
  argoCdPlugin,
  monitoringPlugin,
  pagerDutyPlugin,
  scorecardsPlugin,
  adoptionPlugin,
  bookstoreTenantPlugin,
  dependenciesModule,
  navModule,
  homeModule,
  signInModule,
];
