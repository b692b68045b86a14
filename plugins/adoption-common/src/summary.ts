/**
 * Time from a template run's completion to the first Argo CD sync of the
 * service it created, over the runs that completed in a period.
 *
 * @public
 */
export interface FirstSyncFigures {
  /**
   * Runs measured: completed runs whose output names a Component (`entityRef`)
   * that is in the catalog and deployed by Argo CD (annotation `argocd/app-name`).
   */
  runs: number;
  /** Of those, runs whose service Argo CD has deployed. */
  synced: number;
  /** Of those, runs whose service Argo CD has not deployed yet. */
  waiting: number;
  /** The median of the synced runs' minutes from completion to first sync; null when none synced. */
  medianMinutes: number | null;
  /** Their 90th percentile (nearest rank); null when none synced. */
  p90Minutes: number | null;
}

/**
 * How many Components with TechDocs (`backstage.io/techdocs-ref`) have a
 * published site built within the freshness window, at one measurement.
 *
 * @public
 */
export interface TechDocsFreshness {
  /** When it was measured (ISO 8601). */
  measuredAt: string;
  /** Components with the `backstage.io/techdocs-ref` annotation. */
  components: number;
  /** Of those, Components whose published site was built within the window. */
  fresh: number;
}

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
  /** The template runs that completed in the week, to their service's first Argo CD sync. */
  firstSync: FirstSyncFigures;
  /** TechDocs freshness at the week's last measurement (hourly); null when none was taken. */
  techDocs: TechDocsFreshness | null;
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
  /** Time to first sync of the runs that completed in all the weeks shown. */
  firstSync: FirstSyncFigures;
  /** TechDocs freshness now (the last measurement, at most an hour old). */
  techDocs: TechDocsFreshness & {
    /** A site is fresh when built within this many days (`adoption.techDocsFreshness`). */
    freshWithinDays: number;
  };
}
