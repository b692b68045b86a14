import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  AdoptionEvent,
  TechDocsFreshness,
} from '@internal/plugin-adoption-common';
import { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@internal/plugin-adoption-backend',
  'migrations',
);

/** Rows inserted per statement (SQLite allows 999 bound values). */
const INSERT_CHUNK = 50;

/** A Component of the catalog, as the snapshot records it. */
export interface ComponentSeen {
  entityRef: string;
  goldenPath: boolean;
}

/** What a completed template run's completion event said, and its service's first sync. */
export interface TemplateRunCompletion {
  taskId: string;
  completedAt: Date;
  /** The Component the run created (its output's `entityRef`), if it names one. */
  entityRef: string | null;
  /** When Argo CD first deployed that Component, once known. */
  firstSyncedAt: Date | null;
}

type DateColumn = Date | string | number;
const toDate = (value: DateColumn) => new Date(value);
const toOptionalDate = (value: DateColumn | null) =>
  value === null ? null : new Date(value);

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The plugin's own tables: analytics events and the Components seen. */
export class AdoptionStore {
  static async create(database: DatabaseService): Promise<AdoptionStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: MIGRATIONS_DIR });
    }
    return new AdoptionStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async addEvents(userRef: string, events: AdoptionEvent[]): Promise<void> {
    const rows = events.map(event => {
      const occurredAt = new Date(event.timestamp);
      return {
        user_ref: userRef,
        action: event.action,
        subject: event.subject,
        plugin_id: event.context.pluginId ?? null,
        route_ref: event.context.routeRef ?? null,
        extension_id: event.context.extensionId ?? null,
        occurred_at: occurredAt,
        day: utcDay(occurredAt),
      };
    });
    await this.db.batchInsert('adoption_events', rows, INSERT_CHUNK);
  }

  /** Each user active on each day from `fromDay` (inclusive), once. */
  async activeUserDays(
    fromDay: string,
  ): Promise<Array<{ day: string; userRef: string }>> {
    const rows: Array<{ day: string; user_ref: string }> = await this.db(
      'adoption_events',
    )
      .distinct('day', 'user_ref')
      .where('day', '>=', fromDay);
    return rows.map(row => ({ day: row.day, userRef: row.user_ref }));
  }

  /** Deletes the events that happened before `before`; returns how many. */
  async deleteEventsBefore(before: Date): Promise<number> {
    return this.db('adoption_events')
      .where('occurred_at', '<', before)
      .delete();
  }

  /**
   * Records the Components not seen before, as first seen at `now`; on the
   * very first snapshot they are the baseline (first seen: unknown), so the
   * catalog's existing Components do not count as new.
   */
  async recordComponents(
    components: ComponentSeen[],
    now: Date,
  ): Promise<void> {
    if (components.length === 0) {
      return;
    }
    await this.db.transaction(async tx => {
      const [{ count }] = await tx('adoption_components').count({
        count: '*',
      });
      const firstSeenAt = Number(count) === 0 ? null : now;
      const rows = components.map(component => ({
        entity_ref: component.entityRef,
        golden_path: component.goldenPath,
        first_seen_at: firstSeenAt,
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await tx('adoption_components')
          .insert(rows.slice(i, i + INSERT_CHUNK))
          .onConflict('entity_ref')
          .ignore();
      }
    });
  }

  /** The Components first seen at or after `from`, baseline excluded. */
  async componentsFirstSeenSince(
    from: Date,
  ): Promise<Array<{ firstSeenAt: Date; goldenPath: boolean }>> {
    const rows: Array<{
      first_seen_at: Date | string | number;
      golden_path: boolean | number;
    }> = await this.db('adoption_components')
      .select('first_seen_at', 'golden_path')
      .where('first_seen_at', '>=', from);
    return rows.map(row => ({
      firstSeenAt: new Date(row.first_seen_at),
      goldenPath: Boolean(row.golden_path),
    }));
  }

  /** The recorded completions of these tasks (unknown ones are left out). */
  async templateRunCompletions(
    taskIds: string[],
  ): Promise<TemplateRunCompletion[]> {
    const rows: Array<{
      task_id: string;
      completed_at: DateColumn;
      entity_ref: string | null;
      first_synced_at: DateColumn | null;
    }> = [];
    for (let i = 0; i < taskIds.length; i += INSERT_CHUNK) {
      rows.push(
        ...(await this.db('adoption_template_runs')
          .select('task_id', 'completed_at', 'entity_ref', 'first_synced_at')
          .whereIn('task_id', taskIds.slice(i, i + INSERT_CHUNK))),
      );
    }
    return rows.map(row => ({
      taskId: row.task_id,
      completedAt: toDate(row.completed_at),
      entityRef: row.entity_ref,
      firstSyncedAt: toOptionalDate(row.first_synced_at),
    }));
  }

  /** Records completions (a task recorded before keeps its row). */
  async recordTemplateRunCompletions(
    completions: TemplateRunCompletion[],
  ): Promise<void> {
    const rows = completions.map(c => ({
      task_id: c.taskId,
      completed_at: c.completedAt,
      entity_ref: c.entityRef,
      first_synced_at: c.firstSyncedAt,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db('adoption_template_runs')
        .insert(rows.slice(i, i + INSERT_CHUNK))
        .onConflict('task_id')
        .ignore();
    }
  }

  /** Records when the service of a run first synced; a known time is kept. */
  async recordFirstSync(taskId: string, firstSyncedAt: Date): Promise<void> {
    await this.db('adoption_template_runs')
      .where({ task_id: taskId })
      .whereNull('first_synced_at')
      .update({ first_synced_at: firstSyncedAt });
  }

  async recordTechDocsFreshness(measurement: TechDocsFreshness): Promise<void> {
    await this.db('adoption_techdocs_snapshots').insert({
      measured_at: new Date(measurement.measuredAt),
      components: measurement.components,
      fresh: measurement.fresh,
    });
  }

  /** The TechDocs measurements taken at or after `from`, oldest first. */
  async techDocsFreshnessSince(from: Date): Promise<TechDocsFreshness[]> {
    const rows: Array<{
      measured_at: DateColumn;
      components: number;
      fresh: number;
    }> = await this.db('adoption_techdocs_snapshots')
      .select('measured_at', 'components', 'fresh')
      .where('measured_at', '>=', from)
      .orderBy('measured_at', 'asc')
      .orderBy('id', 'asc');
    return rows.map(row => ({
      measuredAt: toDate(row.measured_at).toISOString(),
      components: Number(row.components),
      fresh: Number(row.fresh),
    }));
  }

  /** Deletes the TechDocs measurements taken before `before`; returns how many. */
  async deleteTechDocsFreshnessBefore(before: Date): Promise<number> {
    return this.db('adoption_techdocs_snapshots')
      .where('measured_at', '<', before)
      .delete();
  }
}
