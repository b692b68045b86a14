export interface Config {
  app?: {
    /**
     * How people sign in to the portal (packages/app/src/modules/signIn).
     */
    signIn?: {
      /**
       * The sign-in page: `guest` (the local start: the guest provider's Enter button),
       * `oidc` (production: a Keycloak button, the backend's `auth.providers.oidc`) or
       * `oauth2Proxy` (behind oauth2-proxy: silent sign-in from its trusted headers).
       * Defaults to `guest`; any other value stops the app with an error.
       * @visibility frontend
       */
      provider?: 'guest' | 'oidc' | 'oauth2Proxy';
      /**
       * The OIDC provider's button on the sign-in page (provider `oidc`).
       */
      oidc?: {
        /**
         * The provider's name on the sign-in page and in login pop-ups. Defaults to `Keycloak`.
         * @visibility frontend
         */
        title?: string;
        /**
         * The text under the title on the sign-in page. Defaults to `Sign in using <title>`.
         * @visibility frontend
         */
        message?: string;
      };
    };
  };
}
