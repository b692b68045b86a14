import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import type { Server } from 'node:http';
import { features } from '../features';

/**
 * Starts the portal's backend features with the given config and the real
 * auth services (tokens issued by the auth backend, checked as in production);
 * `services` replace more of the test backend's services (e.g. the real HTTP
 * router and discovery, for a backend on a port of the config).
 */
export function startPortalBackend(
  config: JsonObject,
  services: BackendFeature[] = [],
) {
  return startTestBackend({
    features: [
      ...features,
      mockServices.rootConfig.factory({ data: config }),
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      ...services,
    ],
  });
}

/**
 * Config that lets the tests sign in as guest: jest runs with NODE_ENV=test,
 * where the guest provider is otherwise refused.
 */
export const guestSignInForTests: JsonObject = {
  auth: { providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
};

/** Signs in through the auth backend's guest provider and returns the Backstage token. */
export async function signInAsGuest(server: Server | string): Promise<string> {
  const response = await request(server)
    .get('/api/auth/guest/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
  if (response.status !== 200) {
    throw new Error(
      `guest sign-in answered ${response.status}: ${response.text}`,
    );
  }
  return response.body.backstageIdentity.token;
}

// Sign-in as people of the example organisation, through the oauth2Proxy provider.
export { oauth2ProxySignInForTests, signInAs } from './oauth2Proxy';
