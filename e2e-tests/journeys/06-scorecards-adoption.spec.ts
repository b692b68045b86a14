import { backendUrl } from '../support/ports';
import { expect, openApp, saveScreenshot, test } from '../support/fixtures';

// carol is a portal admin (group:default/portal-admins): the Adoption page is for admins.
test.use({ person: 'carol' });

test('a platform engineer reviews the scorecards of every service and the portal’s adoption', async ({
  page,
  request,
  backstageToken,
}, testInfo) => {
  await test.step('the Scorecards page: every service, each team’s score, the services missing a runbook', async () => {
    await openApp(page, '/scorecards');
    const services = page.getByRole('table', { name: 'Services' });
    const gateway = services.getByRole('row', { name: /^Payments Gateway / });
    await expect(gateway).toBeVisible({ timeout: 60_000 });
    await expect(
      page
        .getByRole('table', { name: 'Team scores' })
        .getByRole('row', {
          name: /^Payments Team \d+ \d+ of \d+ checks passed/,
        }),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, 'scorecards');

    // payments-gateway has a runbook: the view of the services missing one leaves it out.
    await openApp(page, '/scorecards?failing=check:hasRunbook');
    await expect(services.getByRole('row').nth(1)).toBeVisible({
      timeout: 30_000,
    });
    await expect(gateway).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'scorecards-missing-runbook');
  });

  await test.step('the Adoption page counts this week’s template runs as the scaffolder lists them, and carol as active', async () => {
    const weeks = page.getByRole('table', { name: 'Weeks' });
    const thisWeek = weeks.getByRole('row').last();
    // carol's own visit reaches the adoption backend through the analytics events (sent every
    // few seconds): reload until she counts.
    await expect(async () => {
      await openApp(page, '/adoption');
      await expect(thisWeek).toBeVisible({ timeout: 10_000 });
      const wau = Number(await thisWeek.getByRole('cell').nth(1).textContent());
      expect(wau).toBeGreaterThanOrEqual(1);
    }).toPass({ timeout: 90_000, intervals: [5_000] });

    const cells = await thisWeek.getByRole('cell').allTextContents();
    const weekStart = Date.parse(cells[0]);
    const tasks = await request.get(`${backendUrl}/api/scaffolder/v2/tasks`, {
      headers: { Authorization: `Bearer ${await backstageToken()}` },
    });
    expect(tasks.status()).toBe(200);
    const created = (
      (await tasks.json()).tasks as Array<{ createdAt: string }>
    ).filter(task => Date.parse(task.createdAt) >= weekStart);
    expect(Number(cells[3])).toBe(created.length);
    await saveScreenshot(page, testInfo, 'adoption');
  });
});
