/*
 * The portal's own backend test harness (packages/backend/src/__testUtils__), reused
 * so that the template tests start exactly the features and config that ship.
 * The backend package is the app, not a library this module can depend on, hence
 * the relative imports.
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
export {
  guestSignInForTests,
  oauth2ProxySignInForTests,
  signInAs,
  signInAsGuest,
  startPortalBackend,
} from '../../../../packages/backend/src/__testUtils__/portalBackend';
export {
  loadPortalConfig,
  repoRoot,
} from '../../../../packages/backend/src/__testUtils__/portalConfig';
export {
  listEntities,
  waitForEntities,
} from '../../../../packages/backend/src/__testUtils__/catalogClient';
/* eslint-enable @backstage/no-relative-monorepo-imports */
