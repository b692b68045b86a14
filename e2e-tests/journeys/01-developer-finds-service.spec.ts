import {
  entityTab,
  expect,
  failedRequests,
  openApp,
  openDocsTab,
  people,
  reportDocsTime,
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

  await test.step("Home is the landing page: her team's services, who is on call, her templates", async () => {
    await openApp(page, '/');
    // The wordmark fits the open sidebar.
    const wordmark = sidebar(page).getByText('Bookstore Portal', {
      exact: true,
    });
    const [mark, nav] = await Promise.all([
      wordmark.boundingBox(),
      sidebar(page).boundingBox(),
    ]);
    expect(mark!.x + mark!.width).toBeLessThanOrEqual(nav!.x + nav!.width);
    const services = page.getByRole('table', { name: "My team's services" });
    const paymentsGateway = services
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Payments Gateway' }) });
    await expect(paymentsGateway).toContainText('Healthy', { timeout: 30_000 });
    await expect(paymentsGateway).toContainText('open');
    await expect(
      page.getByRole('link', { name: 'Create a service' }).first(),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, 'home');
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
    reportDocsTime(testInfo, await openDocsTab(page, 'Payments Gateway'));
    await expect(
      page.getByText('service that takes', { exact: false }).first(),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, 'developer-finds-service');
  });

  await test.step('the search page, Documentation results included, has no failed request', async () => {
    const failed = failedRequests(page);
    await openApp(page, '/search?query=runbook');
    await page.getByText('Documentation', { exact: true }).first().click();
    await expect(page).toHaveURL(/types/);
    await expect(page.getByRole('progressbar')).toHaveCount(0, {
      timeout: 15_000,
    });
    await saveScreenshot(page, testInfo, 'search');
    expect(failed).toEqual([]);
  });
});
