import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { AdoptionEvent } from '@internal/plugin-adoption-common';
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
}
