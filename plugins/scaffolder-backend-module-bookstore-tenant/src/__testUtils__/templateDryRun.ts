import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  loadPortalConfig,
  repoRoot,
  startPortalBackend,
  waitForEntities,
} from './portal';

/** The golden paths' folder, templates/ of the repository. */
export const templatesDir = join(repoRoot, 'templates');

/** The templates under templates/: each folder with a template.yaml. */
export const templates = readdirSync(templatesDir).filter(name => {
  try {
    return statSync(join(templatesDir, name, 'template.yaml')).isFile();
  } catch {
    return false;
  }
});

/** The files under a folder, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter(path => statSync(join(dir, path)).isFile())
    .sort();
}

/**
 * A template under templates/<name>: its parsed template.yaml, its sample values
 * (dry-run.yaml), the pages of its form and its files as the dry run takes them.
 */
export function readTemplate(name: string) {
  const dir = join(templatesDir, name);
  const template = parse(readFileSync(join(dir, 'template.yaml'), 'utf8'));
  const sample = parse(readFileSync(join(dir, 'dry-run.yaml'), 'utf8'));
  const pages: Record<string, any>[] = [template.spec.parameters ?? []].flat();
  const directoryContents = filesUnder(dir).map(path => ({
    path,
    base64Content: readFileSync(join(dir, path)).toString('base64'),
  }));
  return { template, sample, pages, directoryContents };
}

/** The rendered files of a dry run, by path. */
export type Rendered = Map<string, string>;

/**
 * Dry-runs templates/<name> with the values through the real scaffolder
 * (`POST /api/scaffolder/v2/dry-run`), as the template editor does: the response,
 * and the rendered files when it succeeded.
 */
export async function dryRunTemplate(
  server: Server,
  token: string,
  name: string,
  values: Record<string, unknown>,
) {
  const { template, directoryContents } = readTemplate(name);
  const response = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', `Bearer ${token}`)
    .send({ template, values, directoryContents });
  const rendered: Rendered | undefined =
    response.status === 200
      ? new Map(
          response.body.directoryContents.map(
            (f: { path: string; base64Content: string }) => [
              f.path,
              Buffer.from(f.base64Content, 'base64').toString('utf8'),
            ],
          ),
        )
      : undefined;
  return { response, rendered };
}

/**
 * The portal's real backend for dry runs of the templates, called as a service with a
 * static token (what is checked is the templates, not who may run them): local git in
 * a temporary folder, and the catalog holding the entities the samples name that the
 * example catalog lacks (dry-run.yaml's `entities`). Resolves once the catalog has
 * them, team-payments and every template.
 */
export async function startTemplateBackend(token: string, subject: string) {
  const root = mkdtempSync(join(tmpdir(), `${subject}-`));
  process.env.BOOKSTORE_LOCAL_GIT_DIR = join(root, 'git');
  const entities: Array<{ kind: string; metadata: { name: string } }> =
    templates.flatMap(name => readTemplate(name).sample.entities ?? []);
  const entitiesFile = join(root, 'entities.yaml');
  writeFileSync(entitiesFile, entities.map(e => stringify(e)).join('---\n'));
  const config = await loadPortalConfig(['app-config.yaml'], {
    backend: {
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token, subject },
            accessRestrictions: [{ plugin: 'catalog' }, { plugin: 'scaffolder' }],
          },
        ],
      },
    },
  });
  (config.catalog as { locations: object[] }).locations.push({
    type: 'file',
    target: entitiesFile,
    rules: [{ allow: [...new Set(entities.map(e => e.kind))] }],
  });
  const backend = await startPortalBackend(config);
  await waitForEntities(backend.server, token, all =>
    [...entities.map(e => e.metadata.name), 'team-payments', ...templates].every(
      name => all.some(e => e.metadata.name === name),
    ),
  );
  return {
    server: backend.server,
    async stop() {
      await backend.stop();
      delete process.env.BOOKSTORE_LOCAL_GIT_DIR;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
