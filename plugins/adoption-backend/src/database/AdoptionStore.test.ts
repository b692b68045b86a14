import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AdoptionStore } from './AdoptionStore';

// PostgreSQL (production's database) when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// names a server, SQLite (the local start's) always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return AdoptionStore.create(mockServices.database({ knex }));
}

const event = (timestamp: string) => ({
  action: 'navigate',
  subject: '/catalog',
  context: {},
  timestamp,
});

describe.each(databases.eachSupportedId())(
  'AdoptionStore on %s',
  databaseId => {
    it('deletes the events past retention, and counts a user once a day', async () => {
      const store = await createStore(databaseId);
      await store.addEvents('user:default/alice', [
        event('2026-05-01T10:00:00Z'),
        event('2026-12-01T10:00:00Z'),
        event('2026-12-01T11:00:00Z'),
      ]);
      await store.addEvents('user:default/bob', [
        event('2026-12-01T23:59:59Z'),
      ]);

      expect(
        await store.deleteEventsBefore(new Date('2026-06-04T00:00:00Z')),
      ).toBe(1);
      expect(
        (await store.activeUserDays('2026-01-01')).sort((a, b) =>
          a.userRef.localeCompare(b.userRef),
        ),
      ).toEqual([
        { day: '2026-12-01', userRef: 'user:default/alice' },
        { day: '2026-12-01', userRef: 'user:default/bob' },
      ]);
    });

    it('takes the first snapshot of Components as the baseline, later ones as new', async () => {
      const store = await createStore(databaseId);
      const first = new Date('2026-11-01T00:00:00Z');
      const second = new Date('2026-12-01T00:00:00Z');
      await store.recordComponents(
        [{ entityRef: 'component:default/orders', goldenPath: true }],
        first,
      );
      await store.recordComponents(
        [
          { entityRef: 'component:default/orders', goldenPath: true },
          { entityRef: 'component:default/shipping', goldenPath: true },
          { entityRef: 'component:default/wiki', goldenPath: false },
        ],
        second,
      );
      // Seen again later: still first seen at the second snapshot.
      await store.recordComponents(
        [{ entityRef: 'component:default/wiki', goldenPath: false }],
        new Date('2026-12-02T00:00:00Z'),
      );

      expect(await store.componentsFirstSeenSince(first)).toEqual([
        { firstSeenAt: second, goldenPath: true },
        { firstSeenAt: second, goldenPath: false },
      ]);
    });

    it("keeps a run's completion once recorded, and its first sync once known", async () => {
      const store = await createStore(databaseId);
      const completedAt = new Date('2026-12-01T10:00:00Z');
      await store.recordTemplateRunCompletions([
        {
          taskId: 't1',
          completedAt,
          entityRef: 'component:default/shipping',
          firstSyncedAt: null,
        },
        { taskId: 't2', completedAt, entityRef: null, firstSyncedAt: null },
      ]);
      // Recorded again (two summaries at once): the first row stays.
      await store.recordTemplateRunCompletions([
        {
          taskId: 't1',
          completedAt: new Date('2026-12-02T00:00:00Z'),
          entityRef: 'component:default/other',
          firstSyncedAt: null,
        },
      ]);
      const firstSync = new Date('2026-12-01T10:20:00Z');
      await store.recordFirstSync('t1', firstSync);
      await store.recordFirstSync('t1', new Date('2026-12-03T00:00:00Z'));

      expect(
        (await store.templateRunCompletions(['t1', 't2', 't3'])).sort((a, b) =>
          a.taskId.localeCompare(b.taskId),
        ),
      ).toEqual([
        {
          taskId: 't1',
          completedAt,
          entityRef: 'component:default/shipping',
          firstSyncedAt: firstSync,
        },
        { taskId: 't2', completedAt, entityRef: null, firstSyncedAt: null },
      ]);
    });

    it('lists the TechDocs measurements since a time, oldest first, and deletes old ones', async () => {
      const store = await createStore(databaseId);
      for (const [measuredAt, fresh] of [
        ['2026-12-01T11:00:00.000Z', 2],
        ['2026-11-01T10:00:00.000Z', 1],
        ['2026-12-01T10:00:00.000Z', 3],
      ] as const) {
        await store.recordTechDocsFreshness({
          measuredAt,
          components: 4,
          fresh,
        });
      }
      expect(
        await store.techDocsFreshnessSince(new Date('2026-11-30T00:00:00Z')),
      ).toEqual([
        { measuredAt: '2026-12-01T10:00:00.000Z', components: 4, fresh: 3 },
        { measuredAt: '2026-12-01T11:00:00.000Z', components: 4, fresh: 2 },
      ]);
      expect(
        await store.deleteTechDocsFreshnessBefore(
          new Date('2026-12-01T00:00:00Z'),
        ),
      ).toBe(1);
      expect(
        await store.techDocsFreshnessSince(new Date('2026-01-01T00:00:00Z')),
      ).toHaveLength(2);
    });
  },
);
