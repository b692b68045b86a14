import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import type { Server } from 'node:http';

/** Lists catalog entities over HTTP, page by page, as a signed-in user would. */
export async function listEntities(
  server: Server | string,
  token: string,
  filter?: string,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  let cursor: string | undefined;
  do {
    const response = await request(server)
      .get('/api/catalog/entities/by-query')
      .query(
        cursor ? { cursor } : { limit: 500, ...(filter ? { filter } : {}) },
      )
      .set('Authorization', `Bearer ${token}`);
    if (response.status !== 200) {
      throw new Error(`catalog answered ${response.status}: ${response.text}`);
    }
    entities.push(...response.body.items);
    cursor = response.body.pageInfo?.nextCursor;
  } while (cursor);
  return entities;
}

/** Polls the catalog until `done` holds for the listed entities, or fails after `timeoutMs`. */
export async function waitForEntities(
  server: Server | string,
  token: string,
  done: (entities: Entity[]) => boolean,
  { filter, timeoutMs = 120_000 }: { filter?: string; timeoutMs?: number } = {},
): Promise<Entity[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entities = await listEntities(server, token, filter);
    if (done(entities)) {
      return entities;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `catalog did not reach the expected state in ${timeoutMs} ms; it holds ${entities
          .map(e => `${e.kind}:${e.metadata.name}`)
          .join(', ')}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}
