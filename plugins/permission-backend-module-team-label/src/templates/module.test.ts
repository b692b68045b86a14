import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogModuleTeamTemplateEntityModel } from './module';
import { TeamTemplateEntitiesProcessor } from './TeamTemplateEntitiesProcessor';

describe('catalogModuleTeamTemplateEntityModel', () => {
  async function processors(labelKey?: string) {
    const added: CatalogProcessor[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addProcessor: (...p: any[]) => added.push(...p.flat()) },
        ],
      ],
      features: [
        catalogModuleTeamTemplateEntityModel,
        mockServices.rootConfig.factory({
          data: labelKey ? { permission: { teamLabel: { labelKey } } } : {},
        }),
      ],
    });
    await backend.stop();
    return added;
  }

  async function emittedFor(processor: CatalogProcessor, entity: Entity) {
    const emitted: unknown[] = [];
    await processor.postProcessEntity!(
      entity,
      { type: 'file', target: 'x' },
      r => emitted.push(r),
      { get: async () => undefined, set: async () => {} },
    );
    return emitted.length;
  }

  it('adds the Template processor with the configured label key', async () => {
    const [processor, ...others] = await processors('example.com/team');
    expect(others).toEqual([]);
    expect(processor).toBeInstanceOf(TeamTemplateEntitiesProcessor);
    const labelled = (key: string): Entity => ({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 't', labels: { [key]: 'team-a' } },
      spec: { type: 'service', owner: 'team-a', steps: [] },
    });
    // ownedBy only for the configured label; both relations for any other label.
    await expect(
      emittedFor(processor, labelled('example.com/team')),
    ).resolves.toBe(1);
    await expect(
      emittedFor(processor, labelled('platform.bookstore.io/team')),
    ).resolves.toBe(2);
  });

  it("cannot be installed next to the scaffolder's entity model module, which would relate owners to labelled templates again", async () => {
    await expect(
      startTestBackend({
        features: [
          catalogModuleTeamTemplateEntityModel,
          catalogModuleScaffolderEntityModel,
          mockServices.rootConfig.factory({ data: {} }),
        ],
      }),
    ).rejects.toThrow(/scaffolder-entity-model/);
  });
});
