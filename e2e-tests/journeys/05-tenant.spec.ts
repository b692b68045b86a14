import { PAYMENTS_TENANT } from '../fakes/seeds';
import { control } from '../support/control';
import { backendUrl } from '../support/ports';
import {
  entityTab,
  expect,
  openApp,
  people,
  saveScreenshot,
  startingWith,
  test,
} from '../support/fixtures';

const DOWN = 'ap-southeast';
const PROVIDER_TASK = 'crossplane-tenant-provider:default:refresh';

test.use({ person: 'alice' });

test('a tenant shows its state per cluster on its Tenant tab, and stays when a cluster goes down', async ({
  page,
  request,
  backstageToken,
}, testInfo) => {
  const clustersRow = (cluster: string) =>
    page.getByRole('row', {
      name: startingWith(
        `${cluster} bookstore-tenants/${PAYMENTS_TENANT.name}`,
      ),
    });
  const liveState = (cluster: string) =>
    page.getByRole('region', { name: `Live state in ${cluster}` });
  const claimRow = (cluster: string) =>
    liveState(cluster).getByRole('row', {
      name: startingWith(`Claim BookstoreTenant ${PAYMENTS_TENANT.name}`),
    });

  await test.step('the payments tenant: ready in its three clusters, as the catalog saw it and live', async () => {
    await openApp(page, `/catalog/default/resource/${PAYMENTS_TENANT.name}`);
    await expect(
      page.getByRole('heading', {
        name: PAYMENTS_TENANT.displayName,
        level: 2,
      }),
    ).toBeVisible();
    await entityTab(page, 'Tenant').click();
    await expect(page).toHaveURL(/\/tenant$/);
    for (const cluster of PAYMENTS_TENANT.regions) {
      await expect(clustersRow(cluster)).toContainText('True');
      await expect(claimRow(cluster)).toContainText('True');
    }
    await saveScreenshot(page, testInfo, 'tenant');
  });

  const token = await backstageToken();
  const api = (method: 'GET' | 'POST', path: string, as = token) =>
    request.fetch(`${backendUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${as}` },
    });
  // Triggering a scheduled task is for admins: carol, signed in as oauth2-proxy would.
  const adminToken = async () => {
    const response = await request.get(
      `${backendUrl}/api/auth/oauth2Proxy/refresh`,
      {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          'x-forwarded-email': people.carol.email,
          'x-forwarded-preferred-username': people.carol.name,
        },
      },
    );
    expect(response.status(), 'carol signs in').toBe(200);
    return (await response.json()).backstageIdentity.token as string;
  };
  const tenantEntity = async () => {
    const response = await api(
      'GET',
      `/api/catalog/entities/by-name/resource/default/${PAYMENTS_TENANT.name}`,
    );
    expect(response.status(), 'the tenant is in the catalog').toBe(200);
    return response.json();
  };

  try {
    await test.step(`${DOWN} goes down; the catalog keeps the tenant through the provider's next full run`, async () => {
      const { requests: before } = await control.outage(DOWN);
      // The provider's watch of the claims ends with the outage and fails to reopen.
      await expect
        .poll(
          async () =>
            (
              await control.requests(DOWN, before)
            ).requests.filter(r => r.path.endsWith('/bookstoretenants')).length,
          {
            timeout: 60_000,
            message: `the provider read ${DOWN} after the outage`,
          },
        )
        .toBeGreaterThan(0);

      // A full run now, while the cluster is down (on its own it runs every 30 minutes),
      // triggered by an admin.
      const lastRun = async () => {
        const { tasks } = await (
          await api('GET', '/api/catalog/.backstage/scheduler/v1/tasks')
        ).json();
        const task = tasks.find(
          (t: { taskId: string }) => t.taskId === PROVIDER_TASK,
        );
        expect(task, `scheduled task ${PROVIDER_TASK}`).toBeTruthy();
        return task.taskState?.lastRunEndedAt as string | undefined;
      };
      const runBefore = await lastRun();
      const trigger = `/api/catalog/.backstage/scheduler/v1/tasks/${PROVIDER_TASK}/trigger`;
      expect(
        (await api('POST', trigger)).status(),
        'alice may not trigger it',
      ).toBe(403);
      expect(
        (await api('POST', trigger, await adminToken())).status(),
        'carol, an admin, triggers it',
      ).toBe(200);
      await expect
        .poll(lastRun, { timeout: 60_000, message: 'the full run ended' })
        .not.toBe(runBefore);

      const entity = await tenantEntity();
      expect(
        entity.spec.tenant.clusters.map((c: { cluster: string }) => c.cluster),
      ).toEqual(PAYMENTS_TENANT.regions);
    });

    await test.step('its page still shows the tenant: the catalog view of every cluster, and live what can be read', async () => {
      await page.reload();
      await expect(
        page.getByRole('heading', {
          name: PAYMENTS_TENANT.displayName,
          level: 2,
        }),
      ).toBeVisible();
      for (const cluster of PAYMENTS_TENANT.regions) {
        await expect(clustersRow(cluster)).toContainText('True');
      }
      for (const cluster of PAYMENTS_TENANT.regions.filter(c => c !== DOWN)) {
        await expect(claimRow(cluster)).toContainText('True');
      }
      await expect(liveState(DOWN)).toContainText(
        /503|unable to handle the request/,
      );
      await expect(claimRow(DOWN)).toHaveCount(0);
      await saveScreenshot(page, testInfo, 'tenant-cluster-down');
    });
  } finally {
    await control.recover(DOWN);
  }
});
