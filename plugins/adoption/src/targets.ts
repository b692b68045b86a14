import { AdoptionSummary } from '@internal/plugin-adoption-common';

/** A figure of the adoption table: its value now and its target. */
export interface AdoptionTarget {
  name: string;
  /** A ratio from 0 to 1, or minutes; undefined when there is nothing to count yet. */
  value: number | undefined;
  /** `ratio` (shown as a percentage) or `minutes`. */
  unit: 'ratio' | 'minutes';
  /** The value should be above the target (`above`) or below it (`below`). */
  better: 'above' | 'below';
  /** The value to beat; undefined when the issue sets none. */
  target: number | undefined;
  /** What was counted, in words. */
  detail: string;
}

function ratio(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : part / whole;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The figures to compare with the targets: catalog coverage (> 95 %), template
 * usage (> 80 % of new Components made by the golden path), template success,
 * active users (> 60 %), for the last complete week where a week counts, the
 * median time from a run's completion to its service's first Argo CD sync
 * (< 1 h) and TechDocs freshness now (> 70 %).
 */
export function adoptionTargets(summary: AdoptionSummary): AdoptionTarget[] {
  const { weeks, catalog } = summary;
  const lastWeek = weeks.length > 1 ? weeks[weeks.length - 2] : weeks[0];
  const newComponents = sum(weeks.map(w => w.newComponents));
  const newGoldenPath = sum(weeks.map(w => w.newGoldenPathComponents));
  const succeeded = sum(weeks.map(w => w.templateRunsSucceeded));
  const finished = succeeded + sum(weeks.map(w => w.templateRunsFailed));
  const period = `in the ${weeks.length} weeks shown`;
  const { firstSync, techDocs } = summary;
  const ratioRow = { unit: 'ratio', better: 'above' } as const;
  return [
    {
      ...ratioRow,
      name: 'Catalog coverage',
      value: ratio(
        catalog.claimedArgoCdApplications,
        catalog.argoCdApplications,
      ),
      target: 0.95,
      detail: `${catalog.claimedArgoCdApplications} of ${catalog.argoCdApplications} Argo CD Applications belong to a Component`,
    },
    {
      ...ratioRow,
      name: 'Template usage',
      value: ratio(newGoldenPath, newComponents),
      target: 0.8,
      detail: `${newGoldenPath} of ${newComponents} new Components made by the golden path ${period}`,
    },
    {
      ...ratioRow,
      name: 'Template success',
      value: ratio(succeeded, finished),
      target: undefined,
      detail: `${succeeded} of ${finished} finished template runs succeeded ${period}`,
    },
    {
      ...ratioRow,
      name: 'Weekly active developers',
      value: ratio(lastWeek?.weeklyActiveUsers ?? 0, catalog.users),
      target: 0.6,
      detail: `${lastWeek?.weeklyActiveUsers ?? 0} of ${
        catalog.users
      } users active in the week of ${lastWeek?.weekStart}`,
    },
    {
      ...ratioRow,
      name: 'DAU/WAU',
      value: ratio(
        lastWeek?.averageDailyActiveUsers ?? 0,
        lastWeek?.weeklyActiveUsers ?? 0,
      ),
      target: 0.6,
      detail: `${lastWeek?.averageDailyActiveUsers ?? 0} daily of ${
        lastWeek?.weeklyActiveUsers ?? 0
      } weekly active users in the week of ${lastWeek?.weekStart}`,
    },
    {
      name: 'Time to first sync',
      value: firstSync.medianMinutes ?? undefined,
      unit: 'minutes',
      better: 'below',
      target: 60,
      detail:
        firstSync.synced === 0
          ? `No golden-path runs have synced yet (${firstSync.waiting} waiting ${period})`
          : `Median of ${firstSync.synced} of ${firstSync.runs} template runs whose service Argo CD deployed ${period} (90th percentile ${firstSync.p90Minutes} min); ${firstSync.waiting} waiting`,
    },
    {
      ...ratioRow,
      name: 'TechDocs freshness',
      value: ratio(techDocs.fresh, techDocs.components),
      target: 0.7,
      detail:
        techDocs.components === 0
          ? 'No Component has TechDocs'
          : `${techDocs.fresh} of ${techDocs.components} Components with TechDocs built in the last ${techDocs.freshWithinDays} days`,
    },
  ];
}
