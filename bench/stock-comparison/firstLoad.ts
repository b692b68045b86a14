import { chromium } from '@playwright/test';

/** One cold load of a service page in Chromium. */
export interface FirstLoad {
  /** Navigation start to the guest sign-in's Enter button. */
  signInMs: number;
  /** Enter clicked to the entity page's heading. */
  entityMs: number;
  /** JavaScript fetched for the whole load, in kB (bodies as sent). */
  scriptKb: number;
  requests: number;
}

/**
 * Opens `<url>/catalog/<ref>` in a fresh Chromium context (no cache, no session), as a
 * newcomer's first visit: the sign-in page, Enter as a guest, then the service page until
 * its heading shows; `rounds` times, each in a new context.
 */
export async function firstLoads(
  url: string,
  entity: { namespace: string; name: string },
  rounds: number,
): Promise<FirstLoad[]> {
  const browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  });
  try {
    const loads: FirstLoad[] = [];
    for (let round = 0; round < rounds; round++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let scriptBytes = 0;
      let requests = 0;
      const sizes: Promise<void>[] = [];
      page.on('requestfinished', request => {
        requests++;
        if (request.resourceType() === 'script') {
          sizes.push(
            request.sizes().then(size => {
              scriptBytes += size.responseBodySize;
            }),
          );
        }
      });
      const started = Date.now();
      await page.goto(
        `${url}/catalog/${entity.namespace}/component/${entity.name}`,
      );
      const enter = page.getByRole('button', { name: 'Enter' });
      await enter.waitFor({ timeout: 120_000 });
      const signedIn = Date.now();
      await enter.click();
      // The page's heading: an h1 in the portal, another level in the stock app's new design.
      await page
        .getByRole('heading', { name: entity.name })
        .first()
        .waitFor({ timeout: 120_000 });
      const shown = Date.now();
      await Promise.all(sizes);
      loads.push({
        signInMs: signedIn - started,
        entityMs: shown - signedIn,
        scriptKb: Math.round(scriptBytes / 1024),
        requests,
      });
      await context.close();
    }
    return loads;
  } finally {
    await browser.close();
  }
}
