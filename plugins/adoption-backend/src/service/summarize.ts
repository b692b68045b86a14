import {
  AdoptionDay,
  AdoptionSummary,
  AdoptionWeek,
  FirstSyncFigures,
  TechDocsFreshness,
} from '@internal/plugin-adoption-common';
import { utcDay } from '../database/AdoptionStore';
import { MeasuredRun } from './FirstSyncs';
import { TemplateRun } from './ScaffolderTasks';

const DAY_MS = 24 * 60 * 60 * 1000;
const FAILED_STATUSES = new Set(['failed', 'cancelled']);

/** Monday 00:00 UTC of the week `date` is in. */
function weekStartOf(date: Date): Date {
  const midnight = Date.UTC(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
  );
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

/** The first instant the summary of the last `weeks` weeks (this one included) covers. */
export function summaryStart(now: Date, weeks: number): Date {
  return new Date(weekStartOf(now).getTime() - (weeks - 1) * 7 * DAY_MS);
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Runs measured, synced and waiting, and the median and 90th percentile
 * (nearest rank) of the minutes from completion to first sync. A service
 * Argo CD deployed before its run completed (the GitOps change lands before
 * the run's last step) counts as 0 minutes.
 */
export function firstSyncFigures(runs: MeasuredRun[]): FirstSyncFigures {
  const minutes = runs
    .filter(run => run.firstSyncedAt !== null)
    .map(run =>
      Math.max(
        0,
        (run.firstSyncedAt!.getTime() - run.completedAt.getTime()) / 60_000,
      ),
    )
    .sort((a, b) => a - b);
  const n = minutes.length;
  let median: number | null = null;
  let p90: number | null = null;
  if (n > 0) {
    median =
      n % 2 === 1
        ? minutes[(n - 1) / 2]
        : (minutes[n / 2 - 1] + minutes[n / 2]) / 2;
    p90 = minutes[Math.ceil(0.9 * n) - 1];
  }
  return {
    runs: runs.length,
    synced: n,
    waiting: runs.length - n,
    medianMinutes: median === null ? null : round1(median),
    p90Minutes: p90 === null ? null : round1(p90),
  };
}

/** What the figures are computed from. */
export interface SummaryInput {
  now: Date;
  weeks: number;
  activeUserDays: Array<{ day: string; userRef: string }>;
  templateRuns: TemplateRun[];
  newComponents: Array<{ firstSeenAt: Date; goldenPath: boolean }>;
  catalog: AdoptionSummary['catalog'];
  /** The completed runs of services deployed by Argo CD, with their first sync. */
  firstSyncRuns: MeasuredRun[];
  /** The TechDocs measurements of the weeks, oldest first. */
  techDocsMeasurements: TechDocsFreshness[];
  /** The latest TechDocs measurement, and the window it counted fresh in. */
  techDocs: AdoptionSummary['techDocs'];
}

/** The week-by-week and day-by-day figures of the last `weeks` weeks. */
export function summarize(input: SummaryInput): AdoptionSummary {
  const { now, weeks } = input;
  const start = summaryStart(now, weeks);
  const today = utcDay(now);

  const usersByDay = new Map<string, Set<string>>();
  for (const { day, userRef } of input.activeUserDays) {
    const users = usersByDay.get(day) ?? new Set<string>();
    users.add(userRef);
    usersByDay.set(day, users);
  }

  const days: AdoptionDay[] = [];
  const summaryWeeks: AdoptionWeek[] = [];
  for (let w = 0; w < weeks; w++) {
    const weekStart = new Date(start.getTime() + w * 7 * DAY_MS);
    const weekEnd = new Date(weekStart.getTime() + 7 * DAY_MS);
    const inWeek = (at: Date) => at >= weekStart && at < weekEnd;

    const weekUsers = new Set<string>();
    let dailySum = 0;
    let dayCount = 0;
    for (let d = 0; d < 7; d++) {
      const date = utcDay(new Date(weekStart.getTime() + d * DAY_MS));
      if (date > today) {
        break;
      }
      const users = usersByDay.get(date) ?? new Set<string>();
      users.forEach(user => weekUsers.add(user));
      days.push({ date, activeUsers: users.size });
      dailySum += users.size;
      dayCount += 1;
    }

    const runs = input.templateRuns.filter(run => inWeek(run.createdAt));
    const components = input.newComponents.filter(c => inWeek(c.firstSeenAt));
    const measurements = input.techDocsMeasurements.filter(m =>
      inWeek(new Date(m.measuredAt)),
    );
    summaryWeeks.push({
      weekStart: utcDay(weekStart),
      weeklyActiveUsers: weekUsers.size,
      averageDailyActiveUsers:
        dayCount === 0 ? 0 : Math.round((dailySum / dayCount) * 100) / 100,
      templateRuns: runs.length,
      templateRunsSucceeded: runs.filter(run => run.status === 'completed')
        .length,
      templateRunsFailed: runs.filter(run => FAILED_STATUSES.has(run.status))
        .length,
      newComponents: components.length,
      newGoldenPathComponents: components.filter(c => c.goldenPath).length,
      firstSync: firstSyncFigures(
        input.firstSyncRuns.filter(run => inWeek(run.completedAt)),
      ),
      techDocs: measurements.at(-1) ?? null,
    });
  }

  return {
    generatedAt: now.toISOString(),
    weeks: summaryWeeks,
    days,
    catalog: input.catalog,
    firstSync: firstSyncFigures(
      input.firstSyncRuns.filter(run => run.completedAt >= start),
    ),
    techDocs: input.techDocs,
  };
}
