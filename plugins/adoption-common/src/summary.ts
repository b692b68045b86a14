/**
 * One week's figures, weeks starting on Monday 00:00 UTC.
 *
 * @public
 */
export interface AdoptionWeek {
  /** `YYYY-MM-DD`, the Monday the week starts on. */
  weekStart: string;
  /** Distinct users with at least one event in the week (WAU). */
  weeklyActiveUsers: number;
  /** The mean over the week's days (so far) of each day's distinct users (DAU). */
  averageDailyActiveUsers: number;
  /** Scaffolder tasks created in the week. */
  templateRuns: number;
  /** Of those, tasks that completed. */
  templateRunsSucceeded: number;
  /** Of those, tasks that failed or were cancelled. */
  templateRunsFailed: number;
  /** Components first seen in the catalog in the week (baseline excluded). */
  newComponents: number;
  /** Of those, Components the golden path made (`platform.bookstore.io/tenant`). */
  newGoldenPathComponents: number;
}

/**
 * One day's distinct active users.
 *
 * @public
 */
export interface AdoptionDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  activeUsers: number;
}

/**
 * The answer of `GET /api/adoption/summary?weeks=N`.
 *
 * @public
 */
export interface AdoptionSummary {
  /** When the figures were computed (ISO 8601). */
  generatedAt: string;
  /** Oldest first; the last one is the current week. */
  weeks: AdoptionWeek[];
  /** Every day of those weeks up to today, oldest first. */
  days: AdoptionDay[];
  /** The catalog now. */
  catalog: {
    /** User entities: the developers the active users are counted against. */
    users: number;
    components: number;
    /** Components with the `platform.bookstore.io/tenant` annotation. */
    goldenPathComponents: number;
    /** Argo CD Application Resources (`spec.type: argocd-application`). */
    argoCdApplications: number;
    /** Of those, the ones a Component claims (`argocd.bookstore.io/claimed: 'true'`). */
    claimedArgoCdApplications: number;
  };
}
