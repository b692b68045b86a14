import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringifyEntityRef } from '@backstage/catalog-model';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import {
  loadPortalConfig,
  repoRoot,
  startPortalBackend,
  waitForEntities,
} from '../__testUtils__/portal';

/**
 * The template lint: every golden path under templates/ parses, is a valid
 * Template for the real catalog, is registered in both app-configs, names only
 * actions the real backend registers, and renders its skeleton in a dry run
 * through the real scaffolder. A broken template fails CI, not a developer.
 */

jest.setTimeout(180_000);

/**
 * The lint calls the backend as a service, as CI would: the template editor's dry
 * run is for portal admins, and what is checked here is the template, not who may
 * run it (the golden path test runs it as a signed-in user).
 */
const LINT_TOKEN = 'template-lint-static-token';
const LINT_ACCESS = {
  backend: {
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: LINT_TOKEN, subject: 'template-lint' },
          accessRestrictions: [{ plugin: 'catalog' }, { plugin: 'scaffolder' }],
        },
      ],
    },
  },
};

const templatesDir = join(repoRoot, 'templates');
const templates = readdirSync(templatesDir).filter(name => {
  try {
    return statSync(join(templatesDir, name, 'template.yaml')).isFile();
  } catch {
    return false;
  }
});

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter(path => statSync(join(dir, path)).isFile())
    .sort();
}

function locationTargets(file: string): string[] {
  const config = parse(readFileSync(join(repoRoot, file), 'utf8'));
  return (config?.catalog?.locations ?? []).map(
    (l: { target: string }) => l.target,
  );
}

describe('the templates under templates/', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;
  let token: string;
  let actions: string[];
  const gitDir = mkdtempSync(join(tmpdir(), 'template-lint-git-'));

  beforeAll(async () => {
    process.env.BOOKSTORE_LOCAL_GIT_DIR = gitDir;
    backend = await startPortalBackend(
      await loadPortalConfig(['app-config.yaml'], LINT_ACCESS),
    );
    token = LINT_TOKEN;
    const response = await request(backend.server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', `Bearer ${token}`);
    if (response.status !== 200) {
      throw new Error(`listing actions answered ${response.status}`);
    }
    actions = response.body.map((a: { id: string }) => a.id);
    // The dry runs name entities of the example catalog (an owner, a system): the
    // catalog may read the System after the Group, so wait for every one of them.
    const named = templates.flatMap(name =>
      Object.values(
        parse(readFileSync(join(templatesDir, name, 'dry-run.yaml'), 'utf8'))
          .values,
      ).filter(
        (value): value is string =>
          typeof value === 'string' &&
          /^[a-z]+:default\/[a-z0-9-]+$/.test(value),
      ),
    );
    await waitForEntities(backend.server, token, entities =>
      named.every(ref =>
        entities.some(entity => stringifyEntityRef(entity) === ref),
      ),
    );
  });

  afterAll(async () => {
    await backend?.stop();
    delete process.env.BOOKSTORE_LOCAL_GIT_DIR;
    rmSync(gitDir, { recursive: true, force: true });
  });

  it('has at least the new-bookstore-service golden path', () => {
    expect(templates).toContain('new-bookstore-service');
  });

  describe.each(templates)('%s', name => {
    const dir = join(templatesDir, name);
    const documents = parseAllDocuments(
      readFileSync(join(dir, 'template.yaml'), 'utf8'),
    );
    const template = documents[0]?.toJS();

    it('parses as one YAML document', () => {
      expect(documents.map(d => d.errors)).toEqual([[]]);
      expect(template).toMatchObject({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name },
      });
    });

    it('is a valid Template for the catalog', async () => {
      const response = await request(backend.server)
        .post('/api/catalog/validate-entity')
        .set('Authorization', `Bearer ${token}`)
        .send({
          entity: template,
          location: `url:https://github.com/bookstore-platform/bookstore-portal/blob/main/templates/${name}/template.yaml`,
        });
      expect(response.body?.errors ?? []).toEqual([]);
      expect(response.status).toBe(200);
    });

    it('is read into the catalog from its location', async () => {
      const entities = await waitForEntities(
        backend.server,
        token,
        all => all.some(e => e.metadata.name === name),
        { filter: 'kind=template', timeoutMs: 30_000 },
      );
      expect(entities.map(e => e.metadata.name)).toContain(name);
    });

    it('is registered in the catalog locally (its file) and in production (from git)', () => {
      expect(locationTargets('app-config.yaml')).toContain(
        `../../templates/${name}/template.yaml`,
      );
      // Production reads the templates from the platform repository's main branch (a url
      // location with a glob), so a merged change needs no new image.
      const production = locationTargets('app-config.production.yaml').filter(
        target => target.endsWith('/blob/main/templates/*/template.yaml'),
      );
      expect(production).toHaveLength(1);
    });

    it('quotes every value it renders for the file it renders it into', () => {
      // YAML, Go and the rest: `| dump` (a JSON string is a YAML and a Go string literal);
      // Markdown: `| escape` (HTML entities). A typed value stays text.
      const unquoted = filesUnder(dir)
        .filter(
          path =>
            !['template.yaml', 'dry-run.yaml', 'README.md'].includes(path),
        )
        .flatMap(path =>
          [
            ...readFileSync(join(dir, path), 'utf8').matchAll(
              /\$\{\{(.*?)\}\}/g,
            ),
          ]
            .map(match => match[1].trim())
            .filter(expression => /\bvalues\./.test(expression))
            .filter(
              expression =>
                !expression.endsWith(
                  path.endsWith('.md') ? '| escape' : '| dump',
                ),
            )
            .map(expression => `${path}: \${{ ${expression} }}`),
        );
      expect(unquoted).toEqual([]);
    });

    it('names only actions the portal backend registers', () => {
      const missing = template.spec.steps
        .map((step: { id: string; action: string }) => step.action)
        .filter((action: string) => !actions.includes(action));
      expect(missing).toEqual([]);
    });

    it('renders its skeleton in a dry run', async () => {
      const sample = parse(readFileSync(join(dir, 'dry-run.yaml'), 'utf8'));
      const directoryContents = filesUnder(dir).map(path => ({
        path,
        base64Content: readFileSync(join(dir, path)).toString('base64'),
      }));
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', `Bearer ${token}`)
        .send({ template, values: sample.values, directoryContents });
      if (response.status !== 200) {
        throw new Error(
          `dry run answered ${response.status}: ${JSON.stringify(
            response.body,
            null,
            2,
          )}`,
        );
      }
      const rendered = new Map<string, string>(
        response.body.directoryContents.map(
          (f: { path: string; base64Content: string }) => [
            f.path,
            Buffer.from(f.base64Content, 'base64').toString('utf8'),
          ],
        ),
      );
      for (const file of sample.expectFiles) {
        expect([file, rendered.has(file)]).toEqual([file, true]);
      }
      for (const file of sample.expectNoFiles ?? []) {
        expect([file, rendered.has(file)]).toEqual([file, false]);
      }
      // Every rendered catalog-info.yaml is a valid entity for the catalog.
      for (const [path, content] of rendered) {
        if (!path.endsWith('catalog-info.yaml')) {
          continue;
        }
        for (const document of parseAllDocuments(content)) {
          const validation = await request(backend.server)
            .post('/api/catalog/validate-entity')
            .set('Authorization', `Bearer ${token}`)
            .send({
              entity: document.toJS(),
              location: `url:https://github.com/bookstore-platform/dry-run/blob/main/${path}`,
            });
          expect([path, validation.body?.errors ?? []]).toEqual([path, []]);
        }
      }
      // A dry run publishes nothing.
      expect(filesUnder(gitDir)).toEqual([]);
    });
  });
});
