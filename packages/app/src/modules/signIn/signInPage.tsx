import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's default sign-in page (`sign-in-page:app`, guest only): this
 * extension has the same id, so installing it in a module of the app plugin overrides
 * the default rather than adding a second page.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./ConfiguredSignInPage').then(m => m.ConfiguredSignInPage),
  },
});
