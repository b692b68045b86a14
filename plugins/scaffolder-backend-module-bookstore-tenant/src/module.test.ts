import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleBookstoreTenant } from './module';

async function start(config: object) {
  const addActions = jest.fn();
  await startTestBackend({
    extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
    features: [
      scaffolderModuleBookstoreTenant,
      mockServices.rootConfig.factory({ data: config as any }),
      catalogServiceMock.factory(),
    ],
  });
  return addActions.mock.calls.flat().map((a: { id: string }) => a.id);
}

describe('scaffolderModuleBookstoreTenant', () => {
  it('registers the bookstore actions with the defaults', async () => {
    expect(await start({})).toEqual([
      'bookstore:tenant',
      'bookstore:tenant:apply',
      'bookstore:publish:plan',
      'bookstore:publish:local',
      'bookstore:catalog:register-local',
      'bookstore:gitops:local',
      'bookstore:service:verify',
    ]);
  });

  it('fails at startup when a region names a cluster that is not configured', async () => {
    await expect(
      start({
        bookstore: {
          tenants: { regions: { 'us-east': { cluster: 'us-east-1' } } },
        },
      }),
    ).rejects.toThrow(
      "Invalid config value at 'bookstore.tenants.regions.us-east.cluster': cluster 'us-east-1' is not in kubernetes.clusterLocatorMethods (type: config); configured clusters: none",
    );
  });

  it('fails at startup when a file location still reads the published repositories', async () => {
    await expect(
      start({
        bookstore: {
          publish: { target: 'local', local: { directory: '/srv/git' } },
        },
        catalog: {
          locations: [{ type: 'file', target: '/srv/git/*/catalog-info.yaml' }],
        },
      }),
    ).rejects.toThrow(
      "Invalid config value at 'catalog.locations': the file location /srv/git/*/catalog-info.yaml reads the published repositories",
    );
  });
});
