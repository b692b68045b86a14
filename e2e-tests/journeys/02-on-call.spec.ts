import {
  OPEN_INCIDENTS,
  ON_CALL,
  PAYMENTS_ALERT,
  PAYMENTS_GATEWAY,
  RESOLVED_INCIDENT,
} from '../fakes/seeds';
import {
  entityTab,
  expect,
  openApp,
  openDocsTab,
  reportDocsTime,
  reportTime,
  saveScreenshot,
  startingWith,
  test,
} from '../support/fixtures';

// carol: a platform engineer on call for the platform, not a member of team-payments.
test.use({ person: 'carol' });

test('on-call opens payments-gateway and sees Argo CD, pods, who is on call, open incidents and the runbook', async ({
  page,
}, testInfo) => {
  await openApp(page, '/catalog/default/component/payments-gateway');
  await expect(
    page.getByRole('heading', { name: 'Payments Gateway', level: 2 }),
  ).toBeVisible();

  await test.step('CI/CD: Argo CD sync and health of the us-east application, and its history', async () => {
    await entityTab(page, 'CI/CD').click();
    await expect(
      page.getByRole('row', {
        name: `${PAYMENTS_GATEWAY.argoCdApp} argocd Synced Healthy`,
        exact: false,
      }),
    ).toBeVisible();
    // The live revision with its commit, from Argo CD's revision metadata.
    const live = page
      .getByRole('row')
      .filter({ hasText: PAYMENTS_GATEWAY.liveRevision });
    await expect(live).toContainText(
      'Webhooks: verify Stripe signatures with the rotated secret',
    );
    await expect(live).toContainText('Alice Anders <alice@bookstore.example>');
    await saveScreenshot(page, testInfo, 'on-call-argocd');
  });

  await test.step('Kubernetes: its pods in every cluster, running', async () => {
    await entityTab(page, 'Kubernetes').click();
    const clusters = { 'us-east': 3, 'eu-west': 3, 'ap-southeast': 2 };
    for (const [cluster, pods] of Object.entries(clusters)) {
      const summary = page.getByRole('button', {
        name: startingWith(`${cluster} Cluster`),
      });
      await expect(summary).toContainText(`${pods} pods`);
      await expect(summary).toContainText('No pods with errors');
    }
    await page.getByRole('button', { name: /^us-east Cluster/ }).click();
    const deployment = page.getByRole('button', {
      name: /^payments-gateway Deployment namespace: payments-us-east min replicas 3/,
    });
    // The accordion opens from its edge; its name opens the Deployment's drawer instead.
    const box = (await deployment.boundingBox())!;
    await deployment.click({
      position: { x: box.width - 15, y: box.height / 2 },
    });
    const pods = page
      .getByRole('row')
      .filter({ hasText: /^payments-gateway-[a-z0-9]+-[a-z0-9]{5}/ });
    await expect(pods).toHaveCount(3);
    for (const pod of await pods.all()) {
      await expect(pod).toContainText('Running');
      await expect(pod).toContainText('1/1');
    }
    await saveScreenshot(page, testInfo, 'on-call-kubernetes');
  });

  await test.step('Monitoring: the firing alert, and request rate, error ratio and p99 latency from Prometheus', async () => {
    const clicked = Date.now();
    await entityTab(page, 'Monitoring').click();
    const alert = page
      .getByRole('table', { name: 'Active alerts' })
      .getByRole('row')
      .filter({ hasText: PAYMENTS_ALERT.name });
    await expect(alert).toContainText('critical');
    await expect(alert).toContainText('firing');
    await expect(alert).toContainText('us-east');
    await expect(alert).toContainText(PAYMENTS_ALERT.summary);
    for (const graph of ['Request rate', 'Error ratio', 'p99 latency']) {
      await expect(
        page.getByRole('img', { name: `${graph}, last 3 hours` }),
      ).toBeVisible();
    }
    reportTime(
      testInfo,
      'monitoring-tab-to-data',
      'Monitoring tab to alerts and graphs',
      Date.now() - clicked,
    );
    await expect(
      page
        .getByRole('list', { name: 'Alerting rules' })
        .getByRole('listitem')
        .first(),
    ).toContainText(PAYMENTS_ALERT.name);
    await saveScreenshot(page, testInfo, 'on-call-monitoring');
  });

  await test.step('On-call: who is on call now and the open incidents, from PagerDuty', async () => {
    await entityTab(page, 'On-call').click();
    await expect(page.getByText('Payments Gateway on-call')).toBeVisible();
    await expect(page.getByText('On call now')).toBeVisible();
    const onCall = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('img', { name: ON_CALL.primary.name }) });
    await expect(
      onCall.getByRole('link', { name: startingWith(ON_CALL.primary.name) }),
    ).toBeVisible();
    await expect(
      onCall.getByRole('link', { name: startingWith(ON_CALL.primary.email) }),
    ).toHaveAttribute('href', `mailto:${ON_CALL.primary.email}`);
    // Only the first escalation level is on call now.
    await expect(
      page.getByRole('img', { name: ON_CALL.secondary.name }),
    ).toHaveCount(0);
    await expect(page.getByText('Open incidents')).toBeVisible();
    const incident = (title: string) =>
      page
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: startingWith(title) }) });
    await expect(incident(OPEN_INCIDENTS[0])).toContainText('triggered');
    await expect(incident(OPEN_INCIDENTS[0])).toContainText(
      `high urgency · assigned to ${ON_CALL.primary.name}`,
    );
    await expect(incident(OPEN_INCIDENTS[1])).toContainText('acknowledged');
    await expect(incident(OPEN_INCIDENTS[1])).toContainText('low urgency');
    await expect(page.getByText(RESOLVED_INCIDENT)).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'on-call');
  });

  await test.step('Docs: the runbook', async () => {
    reportDocsTime(testInfo, await openDocsTab(page, 'Payments Gateway'));
    await page
      .getByRole('link', { name: 'Runbook', exact: true })
      .first()
      .click();
    await expect(
      page.getByRole('heading', { name: 'Runbook', level: 1 }),
    ).toBeVisible();
    await expect(
      page.getByText('On-call runbook for', { exact: false }),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, 'on-call-runbook', {
      fullPage: false,
    });
  });
});
