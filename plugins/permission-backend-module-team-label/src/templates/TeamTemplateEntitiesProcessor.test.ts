import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { TeamTemplateEntitiesProcessor } from './TeamTemplateEntitiesProcessor';

const LABEL = 'platform.bookstore.io/team';
const location: LocationSpec = { type: 'file', target: '/templates.yaml' };

function template(overrides: {
  labels?: Record<string, string>;
  owner?: string;
  apiVersion?: string;
}): Entity {
  return {
    apiVersion: overrides.apiVersion ?? 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'payments-service',
      namespace: 'default',
      labels: overrides.labels,
    },
    spec: {
      type: 'service',
      ...(overrides.owner ? { owner: overrides.owner } : {}),
      steps: [],
    },
  };
}

async function relationsOf(entity: Entity) {
  const processor = new TeamTemplateEntitiesProcessor({ labelKey: LABEL });
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  expect(result).toBe(entity);
  return emitted;
}

const ownedBy = {
  type: 'relation',
  relation: {
    source: {
      kind: 'Template',
      namespace: 'default',
      name: 'payments-service',
    },
    type: 'ownedBy',
    target: { kind: 'Group', namespace: 'default', name: 'team-payments' },
  },
};
const ownerOf = {
  type: 'relation',
  relation: {
    source: { kind: 'Group', namespace: 'default', name: 'team-payments' },
    type: 'ownerOf',
    target: {
      kind: 'Template',
      namespace: 'default',
      name: 'payments-service',
    },
  },
};

describe('TeamTemplateEntitiesProcessor', () => {
  it('relates an unlabelled Template and its owner both ways, as the scaffolder entity model does', async () => {
    await expect(
      relationsOf(template({ owner: 'team-payments' })),
    ).resolves.toEqual([ownedBy, ownerOf]);
  });

  it('gives a team-labelled Template its owner, but not the owner the Template', async () => {
    await expect(
      relationsOf(
        template({
          owner: 'team-payments',
          labels: { [LABEL]: 'team-payments' },
        }),
      ),
    ).resolves.toEqual([ownedBy]);
  });

  it('counts an empty label as a label (the policy hides such a Template too)', async () => {
    await expect(
      relationsOf(
        template({ owner: 'team-payments', labels: { [LABEL]: '' } }),
      ),
    ).resolves.toEqual([ownedBy]);
  });

  it('reads the owner as an entity ref defaulting to a Group in the Template namespace', async () => {
    const [relation] = await relationsOf(
      template({ owner: 'user:ops/carol', labels: { [LABEL]: 'team-ops' } }),
    );
    expect(relation).toEqual({
      ...ownedBy,
      relation: {
        ...ownedBy.relation,
        target: { kind: 'user', namespace: 'ops', name: 'carol' },
      },
    });
  });

  it('emits nothing for a Template without owner or of another apiVersion', async () => {
    await expect(relationsOf(template({}))).resolves.toEqual([]);
    await expect(
      relationsOf(
        template({
          owner: 'team-payments',
          apiVersion: 'backstage.io/v1beta2',
        }),
      ),
    ).resolves.toEqual([]);
  });

  it("validates Templates with the scaffolder's own validator", async () => {
    const processor = new TeamTemplateEntitiesProcessor({ labelKey: LABEL });
    await expect(
      processor.validateEntityKind(template({ owner: 'team-payments' })),
    ).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({
        ...template({}),
        spec: { type: 'service', steps: 'not a list' },
      }),
    ).rejects.toThrow(/steps/);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).resolves.toBe(false);
  });
});
