import { expect, Page, test as base, TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appUrl } from './ports';

/** People of examples/catalog/org.yaml the journeys sign in as. */
export const people = {
  alice: {
    name: 'alice',
    email: 'alice@bookstore.example',
    displayName: 'Alice Anders',
  },
  bob: {
    name: 'bob',
    email: 'bob@bookstore.example',
    displayName: 'Bob Brown',
  },
  carol: {
    name: 'carol',
    email: 'carol@bookstore.example',
    displayName: 'Carol Chen',
  },
} as const;
export type Person = keyof typeof people;

/** Where each journey's screenshot goes (git-ignored). */
export const artifactsDir = join(__dirname, '..', 'artifacts');

type Fixtures = {
  /** Who is signed in: the browser sends oauth2-proxy's headers for them. */
  person: Person;
  /** The token the signed-in person's browser got from the auth backend. */
  backstageToken: () => Promise<string>;
};

/**
 * The journeys' `test`: the portal runs with `app.signIn.provider: oauth2Proxy`, so the app
 * signs in silently with `GET /api/auth/oauth2Proxy/refresh`; here the browser context adds the
 * headers oauth2-proxy would add in front of the backend (`x-forwarded-email`,
 * `x-forwarded-preferred-username`, `x-forwarded-user`) for `person`. Requests to anything but
 * this machine are refused: nothing leaves localhost.
 */
export const test = base.extend<Fixtures>({
  person: ['alice', { option: true }],

  context: async ({ context, person }, use) => {
    const who = people[person];
    // Everything not on this machine is refused, as on a closed network: the portal and its
    // TechDocs sites must work without it.
    await context.route(
      url => url.hostname !== 'localhost' && url.hostname !== '127.0.0.1',
      route => route.abort('blockedbyclient'),
    );
    await context.route('**/api/auth/oauth2Proxy/refresh*', route =>
      route.continue({
        headers: {
          ...route.request().headers(),
          'x-forwarded-email': who.email,
          'x-forwarded-preferred-username': who.name,
          'x-forwarded-user': who.name,
        },
      }),
    );
    await use(context);
  },

  backstageToken: async ({ page }, use) => {
    let token: string | undefined;
    page.on('response', async response => {
      if (
        response.url().includes('/api/auth/oauth2Proxy/refresh') &&
        response.ok()
      ) {
        try {
          token = (await response.json()).backstageIdentity?.token ?? token;
        } catch {
          // a response body that went away with a navigation
        }
      }
    });
    await use(async () => {
      await expect
        .poll(() => token, { message: 'the sign-in token' })
        .toBeTruthy();
      return token!;
    });
  },
});

export { expect };

/** A RegExp matching what starts with `text` (taken literally): accessible names of links. */
export const startingWith = (text: string) =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/** The app's sidebar. */
export const sidebar = (page: Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

/** A tab of an entity page (Overview, CI/CD, Kubernetes, On-call, Docs, API, Tenant, …). */
export const entityTab = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });

/** Opens a path of the app and waits until the signed-in app (its sidebar) is there. */
export async function openApp(page: Page, path: string) {
  await page.goto(`${appUrl}${path}`);
  await expect(
    sidebar(page).getByRole('link', { name: 'Settings' }),
  ).toBeVisible();
}

/**
 * Opens the entity's Docs tab and waits for its TechDocs: the local builder builds them on a first
 * view (MkDocs) and may rebuild on a later one, after which the reader offers a refresh. Returns
 * the milliseconds from the click on the tab to the site's title on screen (a figure for the
 * report, not an assertion).
 */
export async function openDocsTab(page: Page, title: string): Promise<number> {
  const sync = page.waitForResponse(
    r => r.url().includes('/api/techdocs/sync/'),
    {
      timeout: 60_000,
    },
  );
  const clicked = Date.now();
  await entityTab(page, 'Docs').click();
  await (await sync).finished();
  const refresh = page
    .getByRole('button', { name: 'Refresh' })
    .filter({ hasText: /refresh/i });
  const newer = page.getByText(
    'A newer version of this documentation is now available',
  );
  if (await newer.isVisible()) {
    await refresh.click();
  }
  await expect(
    page.getByRole('heading', { name: title, level: 1 }),
  ).toBeVisible({
    timeout: 150_000,
  });
  return Date.now() - clicked;
}

/** Adds a duration the journey measured to its report (as `type`) and its output. */
export function reportTime(
  testInfo: TestInfo,
  type: string,
  what: string,
  ms: number,
) {
  testInfo.annotations.push({ type, description: `${ms} ms` });
  console.log(`${testInfo.title}: ${what} in ${ms} ms`);
}

/** Adds how long the Docs tab took to show its text to the journey's report and output. */
export function reportDocsTime(testInfo: TestInfo, ms: number) {
  reportTime(testInfo, 'docs-tab-to-text', 'Docs tab to rendered text', ms);
}

/**
 * The app's requests that failed or were answered with an error status while `page` was open,
 * as `status url` lines (refused non-local requests included). Requests the app cancelled
 * itself (`net::ERR_ABORTED`: the search page drops a query that a newer one replaced) are not
 * failures.
 */
export function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', request => {
    const reason = request.failure()?.errorText ?? 'failed';
    if (reason !== 'net::ERR_ABORTED') {
      failed.push(`${reason} ${request.url()}`);
    }
  });
  page.on('response', response => {
    if (response.status() >= 400) {
      failed.push(`${response.status()} ${response.url()}`);
    }
  });
  return failed;
}

/**
 * Saves a screenshot of the journey as e2e-tests/artifacts/<journey>.png (git-ignored) and
 * attaches it to the report; the whole page unless `fullPage: false` (long docs pages).
 */
export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  journey: string,
  options: { fullPage?: boolean } = {},
) {
  // Cards still loading would show as progress bars: give them a moment (not an assertion).
  await expect(page.locator('main').getByRole('progressbar'))
    .toHaveCount(0, { timeout: 15_000 })
    .catch(() => undefined);
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${journey}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  await testInfo.attach(journey, { path, contentType: 'image/png' });
}
