import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permissions service granting everything to backend services and to the listed users,
 * and recording what it was asked; the policy itself is tested on its own and, wired for
 * real, in the portal backend's security tests.
 */
export function permissionsGranting(users: string[]) {
  const asked: Array<{ permission: string; principal: string }> = [];
  const mock = mockServices.permissions.mock({
    async authorize(requests, options) {
      const credentials = options?.credentials as BackstageCredentials<
        BackstageUserPrincipal | BackstageServicePrincipal
      >;
      const principal =
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject;
      const granted =
        credentials.principal.type === 'service' || users.includes(principal);
      return requests.map(request => {
        asked.push({ permission: request.permission.name, principal });
        return {
          result: granted ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
  });
  return { factory: mock.factory, asked };
}
