/**
 * Catalog backend module: every Argo CD Application of the configured
 * instances becomes a `Resource` entity (`spec.type: argocd-application`),
 * linked to the Component that claims it.
 *
 * @packageDocumentation
 */
export { catalogModuleArgoCdApplications as default } from './module';
export { ArgoCdApplicationEntityProvider } from './providers/ArgoCdApplicationEntityProvider';
export {
  APPLICATION_ENTITY_TYPE,
  CLAIMED_LABEL,
} from './mapping/applicationEntity';
export { ArgoCdClient } from './lib/ArgoCdClient';
export type { ArgoCdApplication, ArgoCdInstance } from './lib/ArgoCdClient';
export { readArgoCdInstances } from './providers/ArgoCdApplicationEntityProviderConfig';
