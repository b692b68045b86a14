import { startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthOwnershipResolver,
  authOwnershipResolutionExtensionPoint,
} from '@backstage/plugin-auth-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { authModuleTransitiveGroupOwnership } from './module';
import { TransitiveOwnershipResolver } from './TransitiveOwnershipResolver';

const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: parent
    ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
    : [],
});

describe('authModuleTransitiveGroupOwnership', () => {
  it("installs the transitive resolver in the auth plugin, reading groups through the catalog's service", async () => {
    const resolvers: AuthOwnershipResolver[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          authOwnershipResolutionExtensionPoint,
          { setAuthOwnershipResolver: r => resolvers.push(r) },
        ],
      ],
      features: [
        authModuleTransitiveGroupOwnership,
        catalogServiceMock.factory({
          entities: [group('bookstore'), group('team-payments', 'bookstore')],
        }),
      ],
    });
    try {
      expect(resolvers).toEqual([expect.any(TransitiveOwnershipResolver)]);
      await expect(
        resolvers[0].resolveOwnershipEntityRefs({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice', namespace: 'default' },
          relations: [
            { type: 'memberOf', targetRef: 'group:default/team-payments' },
          ],
        }),
      ).resolves.toEqual({
        ownershipEntityRefs: [
          'user:default/alice',
          'group:default/team-payments',
          'group:default/bookstore',
        ],
      });
    } finally {
      await backend.stop();
    }
  });
});
