import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogLocationDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { permissionModuleTeamLabelPolicy } from './module';
import { TeamLabelPolicy } from './policy/TeamLabelPolicy';

describe('permissionModuleTeamLabelPolicy', () => {
  async function start(data: object) {
    const policies: PermissionPolicy[] = [];
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: async () => ({
        userEntityRef: 'user:default/carol',
        ownershipEntityRefs: ['user:default/carol', 'group:ops/sre'],
      }),
    });
    const backend = await startTestBackend({
      extensionPoints: [
        [
          policyExtensionPoint,
          { setPolicy: (p: PermissionPolicy) => policies.push(p) },
        ],
      ],
      features: [
        permissionModuleTeamLabelPolicy,
        mockServices.rootConfig.factory({ data }),
        userInfo.factory,
      ],
    });
    await backend.stop();
    return policies;
  }

  const asCarol = (policy: PermissionPolicy) =>
    policy.handle(
      { permission: catalogLocationDeletePermission },
      {
        credentials: mockCredentials.user('user:default/carol'),
        info: { userEntityRef: 'user:default/carol', ownershipEntityRefs: [] },
      },
    );

  it('installs the team-label policy with the configured admins, through the user info service', async () => {
    const [policy, ...others] = await start({
      permission: { teamLabel: { adminGroups: ['group:ops/sre'] } },
    });
    expect(others).toEqual([]);
    expect(policy).toBeInstanceOf(TeamLabelPolicy);
    await expect(asCarol(policy)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('has no admins when none are configured', async () => {
    const [policy] = await start({});
    await expect(asCarol(policy)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('refuses to start with a malformed configuration', async () => {
    await expect(
      start({
        permission: { teamLabel: { adminGroups: ['user:default/carol'] } },
      }),
    ).rejects.toThrow(/expected a Group/);
  });
});
