import { JsonObject } from '@backstage/types';
import request from 'supertest';
import type { Server } from 'node:http';

/**
 * Config that lets tests sign in as different people through the oauth2Proxy provider,
 * as when the portal runs behind oauth2-proxy: the person is the catalog User whose
 * e-mail is in the trusted `x-forwarded-email` header.
 */
export const oauth2ProxySignInForTests: JsonObject = {
  auth: {
    providers: {
      oauth2Proxy: {
        signIn: {
          resolvers: [{ resolver: 'emailMatchingUserEntityProfileEmail' }],
        },
      },
    },
  },
};

/**
 * Signs in as a person of examples/catalog/org.yaml (alice, bob, carol, …) through the
 * oauth2Proxy provider and returns the Backstage token and the identity it carries.
 */
export async function signInAs(
  server: Server | string,
  name: string,
  email = `${name}@bookstore.example`,
): Promise<{
  token: string;
  userEntityRef: string;
  ownershipEntityRefs: string[];
}> {
  const response = await request(server)
    .get('/api/auth/oauth2Proxy/refresh')
    .set('X-Requested-With', 'XMLHttpRequest')
    .set('x-forwarded-preferred-username', name)
    .set('x-forwarded-email', email);
  if (response.status !== 200) {
    throw new Error(
      `oauth2Proxy sign-in as ${name} answered ${response.status}: ${response.text}`,
    );
  }
  const { token, identity } = response.body.backstageIdentity;
  return { token, ...identity };
}
