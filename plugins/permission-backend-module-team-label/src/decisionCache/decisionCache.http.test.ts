import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import type { Server } from 'node:http';
import { readTeamLabelPolicyConfig } from '../config';
import { TeamLabelPolicy } from '../policy/TeamLabelPolicy';
import {
  FIXTURES,
  ORG_FILE,
  SERVICE_TOKEN,
  SignedIn,
  listedNames,
  signInAs,
  startTeamLabelBackend,
  teamLabelConfig,
  waitForEntities,
} from '../__testUtils__/teamLabelBackend';
import { cachingPermissionsServiceFactory } from './cachingPermissionsServiceFactory';

jest.setTimeout(180_000);

/** The team-label policy, counting the catalog reads the permission backend asks it. */
function countingTeamLabelPolicy() {
  const reads: string[] = [];
  const module = createBackendModule({
    pluginId: 'permission',
    moduleId: 'counting-team-label-policy',
    register(reg) {
      reg.registerInit({
        deps: {
          policy: policyExtensionPoint,
          config: coreServices.rootConfig,
          userInfo: coreServices.userInfo,
        },
        async init({ policy, config, userInfo }) {
          const teamLabel = new TeamLabelPolicy({
            config: readTeamLabelPolicyConfig(config),
            userInfo,
          });
          policy.setPolicy({
            handle: async (request, user) => {
              if (request.permission.name === 'catalog.entity.read' && user) {
                reads.push(user.info.userEntityRef);
              }
              return teamLabel.handle(request, user);
            },
          });
        },
      });
    },
  });
  return { module, reads };
}

describe('the decision cache, in every plugin of a real backend', () => {
  let backend: Awaited<ReturnType<typeof startTeamLabelBackend>>;
  let server: Server;
  let alice: SignedIn;
  let bob: SignedIn;
  const policy = countingTeamLabelPolicy();
  const templates = async (who: SignedIn) =>
    (await listedNames(server, who.token, 'kind=template')).sort();

  beforeAll(async () => {
    backend = await startTeamLabelBackend({
      config: teamLabelConfig({
        locations: [ORG_FILE, `${FIXTURES}/templates.yaml`],
      }),
      policy: policy.module,
      features: [cachingPermissionsServiceFactory],
    });
    server = backend.server;
    await waitForEntities(server, SERVICE_TOKEN, all =>
      ['alice', 'bob', 'payments-service', 'search-indexer'].every(name =>
        all.some(e => e.metadata.name === name),
      ),
    );
    [alice, bob] = await Promise.all(
      ['alice', 'bob'].map(name => signInAs(server, name)),
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it("asks the policy once per user for the catalog's reads, and gives each user their own decision", async () => {
    policy.reads.length = 0;
    const alices = await Promise.all(
      Array.from({ length: 10 }, () => templates(alice)),
    );
    const bobs = await templates(bob);
    const alicesAgain = await templates(alice);

    for (const seen of [...alices, alicesAgain]) {
      expect(seen).toContain('payments-service');
      expect(seen).not.toContain('search-indexer');
    }
    expect(bobs).toContain('search-indexer');
    expect(bobs).not.toContain('payments-service');
    expect(policy.reads).toEqual(['user:default/alice', 'user:default/bob']);
  });
});
