import type { ConfigApi } from '@backstage/frontend-plugin-api';

/** The config key that chooses the sign-in page. */
export const SIGN_IN_PROVIDER_KEY = 'app.signIn.provider';

/** The sign-in pages the portal knows, by the value of `app.signIn.provider`. */
export const signInProviders = ['guest', 'oidc', 'oauth2Proxy'] as const;

export type SignInProvider = (typeof signInProviders)[number];

/**
 * The sign-in provider the config asks for: `guest` when unset, and an error naming the
 * key and the allowed values for anything else, so that a typo never signs people in
 * some other way than intended.
 */
export function readSignInProvider(config: ConfigApi): SignInProvider {
  const value = config.getOptionalString(SIGN_IN_PROVIDER_KEY) ?? 'guest';
  if (!(signInProviders as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid ${SIGN_IN_PROVIDER_KEY} '${value}': expected one of ${signInProviders
        .map(p => `'${p}'`)
        .join(', ')}`,
    );
  }
  return value as SignInProvider;
}
