import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { oidcAuthApi } from './oidcAuthApi';
import { signInPage } from './signInPage';

export { oidcAuthApiRef } from './oidcAuthApi';
export { readSignInProvider, signInProviders } from './signInProvider';
export type { SignInProvider } from './signInProvider';

/** The sign-in page chosen by `app.signIn.provider`, and the OIDC (Keycloak) auth API. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});
