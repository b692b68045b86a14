/**
 * @jest-environment node
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../../..');

/**
 * Template skeletons hold nunjucks, not a site: the template lint's dry run renders them
 * (plugins/scaffolder-backend-module-bookstore-tenant, templateLint.test.ts).
 */
const isSkeleton = (path: string) => /^templates\/[^/]+\/skeleton\//.test(path);

/** Every mkdocs.yml git knows of, relative to the repository's root. */
const mkdocsFiles = execFileSync(
  'git',
  [
    'ls-files',
    '--cached',
    '--others',
    '--exclude-standard',
    '*mkdocs.yml',
    '*mkdocs.yaml',
  ],
  { cwd: repoRoot, encoding: 'utf8' },
)
  .split('\n')
  .filter(Boolean);
const sites = mkdocsFiles.filter(path => !isSkeleton(path));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : [join(dir, entry.name)],
  );
}

// What a browser fetches by itself: stylesheets, preconnects, icons, scripts, images, frames.
const remoteElement =
  /<(?:link|script|img|iframe|source|video|audio|embed)\b[^>]*\b(?:href|src)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/gi;
const remoteCss = /(?:url\(\s*["']?|@import\s+["']?)(?:https?:)?\/\//gi;

const remoteAssetPatterns: Array<[extension: string, pattern: RegExp]> = [
  ['.html', remoteElement],
  ['.css', remoteCss],
];

/** The remote assets of a built site, as `file: tag` lines. */
function remoteAssets(siteDir: string): string[] {
  return filesUnder(siteDir).flatMap(file => {
    const pattern = remoteAssetPatterns.find(([ext]) =>
      file.endsWith(ext),
    )?.[1];
    if (!pattern) {
      return [];
    }
    const text = readFileSync(file, 'utf8');
    return (text.match(pattern) ?? []).map(
      tag => `${relative(siteDir, file)}: ${tag}`,
    );
  });
}

describe('every TechDocs site in the repository', () => {
  it('is found (the repository root, the example services)', () => {
    expect(sites).toEqual(
      expect.arrayContaining([
        'mkdocs.yml',
        'examples/catalog/components/payments-gateway/mkdocs.yml',
      ]),
    );
  });

  it.each(sites)(
    '%s builds with mkdocs build --strict and references no remote asset',
    path => {
      const out = mkdtempSync(join(tmpdir(), 'mkdocs-site-'));
      try {
        execFileSync(
          'mkdocs',
          ['build', '--strict', '--config-file', path, '--site-dir', out],
          { cwd: repoRoot, stdio: 'pipe' },
        );
        expect(filesUnder(out).map(f => relative(out, f))).toContain(
          'index.html',
        );
        expect(remoteAssets(out)).toEqual([]);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});

describe('remoteAssets', () => {
  it("finds MkDocs Material's Google Fonts, as it links them by default", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mkdocs-fonts-'));
    try {
      writeSite(dir);
      execFileSync('mkdocs', ['build', '--site-dir', join(dir, 'site')], {
        cwd: dir,
        stdio: 'pipe',
      });
      expect(remoteAssets(join(dir, 'site'))).toEqual(
        expect.arrayContaining([
          expect.stringContaining('href="https://fonts.googleapis.com/css'),
          expect.stringContaining('href="https://fonts.gstatic.com'),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A one-page Material site with the theme's defaults (web fonts on). */
function writeSite(dir: string) {
  mkdirSync(join(dir, 'docs'));
  writeFileSync(
    join(dir, 'mkdocs.yml'),
    'site_name: Fonts\ntheme:\n  name: material\n',
  );
  writeFileSync(join(dir, 'docs', 'index.md'), '# Fonts\n');
}
