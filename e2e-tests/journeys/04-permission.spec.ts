import { backendUrl } from '../support/ports';
import {
  expect,
  openApp,
  people,
  saveScreenshot,
  test,
} from '../support/fixtures';

/** e2e-tests/catalog/templates.yaml: labelled platform.bookstore.io/team: team-payments. */
const TEAM_TEMPLATE = {
  name: 'payments-pci-service',
  title: 'Payments PCI service',
};
const templateRef = `template:default/${TEAM_TEMPLATE.name}`;

// bob is in team-search; the template is team-payments' (alice's team).
test.use({ person: 'bob' });

test("bob does not see alice's team template on the Create page, and the API refuses to run it for him", async ({
  page,
  request,
  backstageToken,
}, testInfo) => {
  await test.step('the template is there for its team: alice reads it', async () => {
    // alice, signed in the way oauth2-proxy vouches for her (not through bob's browser).
    const refresh = await request.get(
      `${backendUrl}/api/auth/oauth2Proxy/refresh`,
      {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          'x-forwarded-email': people.alice.email,
          'x-forwarded-preferred-username': people.alice.name,
        },
      },
    );
    expect(refresh.status()).toBe(200);
    const aliceToken = (await refresh.json()).backstageIdentity.token;
    const template = await request.get(
      `${backendUrl}/api/catalog/entities/by-name/template/default/${TEAM_TEMPLATE.name}`,
      { headers: { Authorization: `Bearer ${aliceToken}` } },
    );
    expect(template.status()).toBe(200);
  });

  await test.step('bob sees the open golden path on the Create page, not the team template', async () => {
    await openApp(page, '/create');
    await expect(page.getByText('New Bookstore microservice')).toBeVisible();
    await expect(page.getByText(TEAM_TEMPLATE.title)).toHaveCount(0);
    // Not by its URL either.
    await openApp(page, `/create/templates/default/${TEAM_TEMPLATE.name}`);
    await expect(
      page.getByRole('textbox', { name: /Service name/ }),
    ).toHaveCount(0);
    await openApp(page, '/create');
    await expect(page.getByText('New Bookstore microservice')).toBeVisible();
    await saveScreenshot(page, testInfo, 'permission');
  });

  await test.step('his direct POST /api/scaffolder/v2/tasks with his own token is refused', async () => {
    const token = await backstageToken();
    const identity = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString(),
    );
    expect(identity.sub).toBe('user:default/bob');

    const task = await request.post(`${backendUrl}/api/scaffolder/v2/tasks`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { templateRef, values: { name: 'bobs-pci-service' } },
    });
    expect(task.status()).toBe(404);
    const body = await task.json();
    expect(body.error.name).toBe('NotFoundError');
    expect(body.error.message).toContain(TEAM_TEMPLATE.name);

    // No task was created for him.
    const tasks = await request.get(
      `${backendUrl}/api/scaffolder/v2/tasks?createdBy=user:default/bob`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(tasks.status()).toBe(200);
    expect((await tasks.json()).tasks).toEqual([]);

    // And the catalog does not show him the template.
    const read = await request.get(
      `${backendUrl}/api/catalog/entities/by-name/template/default/${TEAM_TEMPLATE.name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(read.status()).toBe(404);
  });
});
