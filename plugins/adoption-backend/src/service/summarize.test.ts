import { summarize, summaryStart } from './summarize';

const catalog = {
  users: 10,
  components: 4,
  goldenPathComponents: 2,
  argoCdApplications: 3,
  claimedArgoCdApplications: 3,
};

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
        { createdAt: new Date('2026-12-01T08:00:00Z'), status: 'completed' },
        { createdAt: new Date('2026-12-01T09:00:00Z'), status: 'processing' },
        { createdAt: new Date('2026-11-29T23:59:59Z'), status: 'failed' },
      ],
      newComponents: [
        { firstSeenAt: new Date('2026-11-30T00:00:00Z'), goldenPath: true },
        { firstSeenAt: new Date('2026-11-24T12:00:00Z'), goldenPath: false },
      ],
      catalog,
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
      },
    ]);
    expect(summary.catalog).toBe(catalog);
  });
});
