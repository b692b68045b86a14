import {
  AdoptionDay,
  AdoptionSummary,
  AdoptionWeek,
} from '@internal/plugin-adoption-common';
import { utcDay } from '../database/AdoptionStore';
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

/** What the figures are computed from. */
export interface SummaryInput {
  now: Date;
  weeks: number;
  activeUserDays: Array<{ day: string; userRef: string }>;
  templateRuns: TemplateRun[];
  newComponents: Array<{ firstSeenAt: Date; goldenPath: boolean }>;
  catalog: AdoptionSummary['catalog'];
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
    });
  }

  return {
    generatedAt: now.toISOString(),
    weeks: summaryWeeks,
    days,
    catalog: input.catalog,
  };
}
