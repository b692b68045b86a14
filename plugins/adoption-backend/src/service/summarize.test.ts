import { firstSyncFigures, summarize, summaryStart } from './summarize';

const catalog = {
  users: 10,
  components: 4,
  goldenPathComponents: 2,
  argoCdApplications: 3,
  claimedArgoCdApplications: 3,
};

const techDocs = {
  measuredAt: '2026-12-02T09:00:00.000Z',
  components: 4,
  fresh: 3,
  freshWithinDays: 90,
};

const NO_RUNS = {
  runs: 0,
  synced: 0,
  waiting: 0,
  medianMinutes: null,
  p90Minutes: null,
};

const at = (iso: string) => new Date(iso);
const run = (completedAt: string, firstSyncedAt: string | null) => ({
  completedAt: at(completedAt),
  firstSyncedAt: firstSyncedAt === null ? null : at(firstSyncedAt),
});

describe('summarize', () => {
  // A Wednesday: this week is Monday 2026-11-30 to Wednesday 2026-12-02 so far.
  const now = new Date('2026-12-02T10:00:00Z');

  it('starts on the Monday of the first week', () => {
    expect(summaryStart(now, 1).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(summaryStart(now, 3).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    // Sunday belongs to the week of the Monday before.
    expect(
      summaryStart(new Date('2026-12-06T23:59:59Z'), 1).toISOString(),
    ).toBe('2026-11-30T00:00:00.000Z');
  });

  it('averages daily active users over the days of the week so far, and counts runs and new Components per week', () => {
    const summary = summarize({
      now,
      weeks: 2,
      activeUserDays: [
        { day: '2026-11-23', userRef: 'user:default/alice' },
        { day: '2026-11-29', userRef: 'user:default/bob' },
        { day: '2026-11-30', userRef: 'user:default/alice' },
        { day: '2026-11-30', userRef: 'user:default/bob' },
        { day: '2026-12-02', userRef: 'user:default/alice' },
      ],
      templateRuns: [
        {
          id: 't1',
          createdAt: new Date('2026-12-01T08:00:00Z'),
          status: 'completed',
        },
        {
          id: 't2',
          createdAt: new Date('2026-12-01T09:00:00Z'),
          status: 'processing',
        },
        {
          id: 't3',
          createdAt: new Date('2026-11-29T23:59:59Z'),
          status: 'failed',
        },
      ],
      newComponents: [
        { firstSeenAt: new Date('2026-11-30T00:00:00Z'), goldenPath: true },
        { firstSeenAt: new Date('2026-11-24T12:00:00Z'), goldenPath: false },
      ],
      catalog,
      firstSyncRuns: [],
      techDocsMeasurements: [],
      techDocs,
    });

    expect(summary.generatedAt).toBe('2026-12-02T10:00:00.000Z');
    expect(summary.days.map(d => `${d.date}:${d.activeUsers}`)).toEqual([
      '2026-11-23:1',
      '2026-11-24:0',
      '2026-11-25:0',
      '2026-11-26:0',
      '2026-11-27:0',
      '2026-11-28:0',
      '2026-11-29:1',
      '2026-11-30:2',
      '2026-12-01:0',
      '2026-12-02:1',
    ]);
    expect(summary.weeks).toEqual([
      {
        weekStart: '2026-11-23',
        weeklyActiveUsers: 2,
        averageDailyActiveUsers: 0.29,
        templateRuns: 1,
        templateRunsSucceeded: 0,
        templateRunsFailed: 1,
        newComponents: 1,
        newGoldenPathComponents: 0,
        firstSync: NO_RUNS,
        techDocs: null,
      },
      {
        weekStart: '2026-11-30',
        weeklyActiveUsers: 2,
        averageDailyActiveUsers: 1,
        templateRuns: 2,
        templateRunsSucceeded: 1,
        templateRunsFailed: 0,
        newComponents: 1,
        newGoldenPathComponents: 1,
        firstSync: NO_RUNS,
        techDocs: null,
      },
    ]);
    expect(summary.catalog).toBe(catalog);
    expect(summary.firstSync).toEqual(NO_RUNS);
    expect(summary.techDocs).toBe(techDocs);
  });

  it('measures the minutes from completion to first sync per week of completion, and over all weeks', () => {
    const summary = summarize({
      now,
      weeks: 2,
      activeUserDays: [],
      templateRuns: [],
      newComponents: [],
      catalog,
      firstSyncRuns: [
        // Last week: 10 and 30 minutes, one still waiting.
        run('2026-11-24T10:00:00Z', '2026-11-24T10:10:00Z'),
        run('2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z'),
        run('2026-11-29T23:50:00Z', null),
        // Completed on Sunday, synced on Monday: last week's run.
        run('2026-11-29T23:59:00Z', '2026-11-30T00:04:30Z'),
        // This week: deployed before the run's last step ended counts as 0.
        run('2026-12-01T10:00:00Z', '2026-12-01T09:59:00Z'),
        // Before the summary's weeks.
        run('2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z'),
      ],
      techDocsMeasurements: [
        { measuredAt: '2026-11-23T10:00:00.000Z', components: 3, fresh: 1 },
        { measuredAt: '2026-11-29T23:00:00.000Z', components: 4, fresh: 2 },
        { measuredAt: '2026-12-02T09:00:00.000Z', components: 4, fresh: 3 },
      ],
      techDocs,
    });

    expect(summary.weeks.map(w => w.firstSync)).toEqual([
      {
        runs: 4,
        synced: 3,
        waiting: 1,
        medianMinutes: 10,
        p90Minutes: 30,
      },
      { runs: 1, synced: 1, waiting: 0, medianMinutes: 0, p90Minutes: 0 },
    ]);
    expect(summary.firstSync).toEqual({
      runs: 5,
      synced: 4,
      waiting: 1,
      medianMinutes: 7.8,
      p90Minutes: 30,
    });
    // Each week's last measurement.
    expect(summary.weeks.map(w => w.techDocs)).toEqual([
      { measuredAt: '2026-11-29T23:00:00.000Z', components: 4, fresh: 2 },
      { measuredAt: '2026-12-02T09:00:00.000Z', components: 4, fresh: 3 },
    ]);
  });

  it('takes the 90th percentile by nearest rank', () => {
    const runs = Array.from({ length: 20 }, (_, i) =>
      run(
        '2026-12-01T10:00:00Z',
        new Date(
          Date.parse('2026-12-01T10:00:00Z') + (i + 1) * 60_000,
        ).toISOString(),
      ),
    );
    expect(firstSyncFigures(runs)).toEqual({
      runs: 20,
      synced: 20,
      waiting: 0,
      medianMinutes: 10.5,
      p90Minutes: 18,
    });
  });
});
