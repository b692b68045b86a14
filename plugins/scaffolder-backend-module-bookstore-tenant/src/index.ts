/**
 * The bookstore's scaffolder actions: `bookstore:tenant` (a Crossplane
 * BookstoreTenant claim, rendered for GitOps or server-side applied) and the
 * golden paths' publish switch (`bookstore:publish:plan`,
 * `bookstore:publish:local`, `bookstore:catalog:register-local`); and the
 * catalog module that reads each locally published repository as a
 * `bookstore-local-git` location of its own.
 *
 * @packageDocumentation
 */
export { scaffolderModuleBookstoreTenant as default } from './module';
export { catalogModuleBookstoreLocalGit } from './catalog/module';
export { createBookstoreTenantAction } from './actions/tenant';
export { createPublishPlanAction } from './actions/publishPlan';
export { createPublishLocalAction } from './actions/publishLocal';
export { createRegisterLocalAction } from './actions/registerLocal';
export { readTenantsConfig, type TenantsConfig } from './lib/readTenantsConfig';
export { readPublishConfig, type PublishConfig } from './lib/readPublishConfig';
