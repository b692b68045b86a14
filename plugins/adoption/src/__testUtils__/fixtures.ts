import { AdoptionSummary } from '@internal/plugin-adoption-common';

export const ADOPTION_URL = 'http://localhost:7007/api/adoption';

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
    }),
    week('2026-11-23', {
      weeklyActiveUsers: 7,
      averageDailyActiveUsers: 4.29,
      templateRuns: 5,
      templateRunsSucceeded: 4,
      templateRunsFailed: 0,
      newComponents: 4,
      newGoldenPathComponents: 4,
    }),
    week('2026-11-30', {
      weeklyActiveUsers: 3,
      averageDailyActiveUsers: 2.33,
      templateRuns: 1,
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
};
