import { AdoptionSummary } from '@internal/plugin-adoption-common';

export const ADOPTION_URL = 'http://localhost:7007/api/adoption';

/** The first-sync figures of a period without measured runs. */
export const NO_RUNS = {
  runs: 0,
  synced: 0,
  waiting: 0,
  medianMinutes: null,
  p90Minutes: null,
};

const week = (
  weekStart: string,
  figures: Partial<AdoptionSummary['weeks'][number]>,
): AdoptionSummary['weeks'][number] => ({
  weekStart,
  weeklyActiveUsers: 0,
  averageDailyActiveUsers: 0,
  templateRuns: 0,
  templateRunsSucceeded: 0,
  templateRunsFailed: 0,
  newComponents: 0,
  newGoldenPathComponents: 0,
  firstSync: NO_RUNS,
  techDocs: null,
  ...figures,
});

/** A summary as the adoption backend answers it, for three weeks. */
export const summary: AdoptionSummary = {
  generatedAt: '2026-12-02T10:00:00.000Z',
  weeks: [
    week('2026-11-16', {
      weeklyActiveUsers: 4,
      averageDailyActiveUsers: 2,
      templateRuns: 2,
      templateRunsSucceeded: 1,
      templateRunsFailed: 1,
      newComponents: 1,
      firstSync: {
        runs: 1,
        synced: 1,
        waiting: 0,
        medianMinutes: 42,
        p90Minutes: 42,
      },
      techDocs: {
        measuredAt: '2026-11-22T23:00:00.000Z',
        components: 8,
        fresh: 5,
      },
    }),
    week('2026-11-23', {
      weeklyActiveUsers: 7,
      averageDailyActiveUsers: 4.29,
      templateRuns: 5,
      templateRunsSucceeded: 4,
      templateRunsFailed: 0,
      newComponents: 4,
      newGoldenPathComponents: 4,
      firstSync: {
        runs: 4,
        synced: 3,
        waiting: 1,
        medianMinutes: 25.5,
        p90Minutes: 70,
      },
      techDocs: {
        measuredAt: '2026-11-29T23:00:00.000Z',
        components: 10,
        fresh: 7,
      },
    }),
    week('2026-11-30', {
      weeklyActiveUsers: 3,
      averageDailyActiveUsers: 2.33,
      templateRuns: 1,
      techDocs: {
        measuredAt: '2026-12-02T09:00:00.000Z',
        components: 10,
        fresh: 8,
      },
    }),
  ],
  days: [
    { date: '2026-11-30', activeUsers: 3 },
    { date: '2026-12-01', activeUsers: 2 },
    { date: '2026-12-02', activeUsers: 2 },
  ],
  catalog: {
    users: 10,
    components: 12,
    goldenPathComponents: 6,
    argoCdApplications: 20,
    claimedArgoCdApplications: 19,
  },
  firstSync: {
    runs: 5,
    synced: 4,
    waiting: 1,
    medianMinutes: 33.8,
    p90Minutes: 70,
  },
  techDocs: {
    measuredAt: '2026-12-02T09:00:00.000Z',
    components: 10,
    fresh: 8,
    freshWithinDays: 90,
  },
};
