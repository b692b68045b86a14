import {
  entityTab,
  expect,
  openApp,
  openDocsTab,
  people,
  saveScreenshot,
  sidebar,
  test,
} from '../support/fixtures';

test.use({ person: 'alice' });

test('a developer signs in, finds payments-gateway by search and sees its owner, system, API and docs', async ({
  page,
}, testInfo) => {
  await test.step('alice is signed in through oauth2-proxy as her catalog user', async () => {
    await openApp(page, '/settings');
    await expect(page.getByText(people.alice.email).first()).toBeVisible();
    const identity = page
      .locator('article')
      .filter({ hasText: 'Backstage Identity' });
    await expect(
      identity.getByRole('link', { name: people.alice.displayName }).first(),
    ).toBeVisible();
    await expect(
      identity.getByRole('link', { name: 'Payments Team' }),
    ).toBeVisible();
  });

  await test.step('she searches for "payments gateway" and opens the result', async () => {
    const result = page
      .getByRole('dialog')
      .getByRole('link', { name: /Payments Gateway/ })
      .first();
    // The search index is built from the catalog a few seconds after start and then every 20 s:
    // search again until the service is in it.
    await expect(async () => {
      await page.keyboard.press('Escape');
      await sidebar(page).getByRole('button', { name: 'Search' }).click();
      const searchBox = page.getByRole('dialog').getByRole('textbox').first();
      await searchBox.fill('payments gateway');
      await expect(result).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000, intervals: [3_000, 5_000] });
    await result.click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/payments-gateway/,
    );
  });

  await test.step('the page names its owner and system', async () => {
    await expect(
      page.getByRole('heading', { name: 'Payments Gateway', level: 2 }),
    ).toBeVisible();
    const about = page
      .locator('article')
      .filter({ has: page.getByRole('heading', { name: 'About' }) });
    await expect(
      about.getByRole('link', { name: 'Payments Team' }),
    ).toHaveAttribute('href', /\/catalog\/default\/group\/team-payments$/);
    await expect(
      about.getByRole('link', { name: 'Bookstore Platform v2' }),
    ).toHaveAttribute(
      'href',
      /\/catalog\/default\/system\/bookstore-platform$/,
    );
  });

  await test.step('the API tab shows the API it provides', async () => {
    await entityTab(page, 'API').click();
    const provided = page
      .locator('article')
      .filter({ has: page.getByRole('heading', { name: 'Provided APIs' }) });
    await expect(
      provided.getByRole('link', { name: 'Payments Gateway API' }),
    ).toBeVisible();
  });

  await test.step('the Docs tab shows its TechDocs, built on first view', async () => {
    await openDocsTab(page, 'Payments Gateway');
    await expect(
      page.getByText('service that takes', { exact: false }).first(),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, 'developer-finds-service');
  });
});
