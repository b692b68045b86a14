import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { appUrl, controlUrl } from './e2e-tests/support/ports';

/**
 * The end-to-end journeys (e2e-tests/): `yarn test:e2e`.
 *
 * The webServer is e2e-tests/servers/start.ts: it starts the fake Argo CD, PagerDuty and three
 * Kubernetes clusters, then the portal in its e2e configuration (e2e-tests/app-config.e2e.yaml),
 * and is ready when the backend is and the app has compiled. Everything stops with the run.
 * The browser is Debian's Chromium (scripts/setup-system.sh): Playwright cannot download its own.
 */
const e2eDir = join(__dirname, 'e2e-tests');
const artifactsDir = join(e2eDir, 'artifacts');

export default defineConfig({
  testDir: join(e2eDir, 'journeys'),
  // The journeys share one portal and change it (a new service, a cluster outage): one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Two cores shared with other work: the first page loads wait for webpack and the catalog.
  timeout: 240_000,
  expect: { timeout: 60_000 },
  globalTimeout: 9 * 60_000,

  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: join(artifactsDir, 'report') }],
    ...(process.env.E2E_JSON_REPORT
      ? [['json', { outputFile: process.env.E2E_JSON_REPORT }] as const]
      : []),
  ],
  outputDir: join(artifactsDir, 'test-results'),

  use: {
    baseURL: appUrl,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 1000 },
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    actionTimeout: 30_000,
    navigationTimeout: 120_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },

  webServer: {
    command:
      'node --require @backstage/cli/config/nodeTransform.cjs e2e-tests/servers/start.ts',
    cwd: __dirname,
    url: `${controlUrl}/ready`,
    // E2E_REUSE_SERVERS=1: run against a launcher already running (e.g. while writing journeys).
    reuseExistingServer: process.env.E2E_REUSE_SERVERS === '1',
    timeout: 6 * 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_EXIT_ON_STDIN_END: '1' },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
