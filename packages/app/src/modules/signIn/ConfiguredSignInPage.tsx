import { ProxiedSignInPage, SignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { defaultOidcTitle, oidcAuthApiRef } from './oidcAuthApi';
import { readSignInProvider } from './signInProvider';

/** The sign-in page that `app.signIn.provider` asks for. */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const provider = readSignInProvider(config);

  if (provider === 'oauth2Proxy') {
    // Behind oauth2-proxy: signs in silently from the proxy's trusted headers.
    return <ProxiedSignInPage {...props} provider="oauth2Proxy" />;
  }
  if (provider === 'oidc') {
    const title =
      config.getOptionalString('app.signIn.oidc.title') ?? defaultOidcTitle;
    const message =
      config.getOptionalString('app.signIn.oidc.message') ??
      `Sign in using ${title}`;
    return (
      <SignInPage
        {...props}
        providers={[{ id: 'oidc', title, message, apiRef: oidcAuthApiRef }]}
      />
    );
  }
  return <SignInPage {...props} providers={['guest']} />;
}
