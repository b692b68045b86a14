import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { control } from '../support/control';
import {
  entityTab,
  expect,
  openApp,
  reportTime,
  saveScreenshot,
  startingWith,
  test,
} from '../support/fixtures';

const SERVICE = {
  name: 'gift-cards',
  description: 'Sells and redeems bookstore gift cards.',
};
const TENANT = {
  name: 'gift-cards',
  displayName: 'Gift Cards',
  regions: ['us-east', 'eu-west'],
};

/** What templates/new-bookstore-service renders (its dry-run.yaml's expectFiles). */
const EXPECTED_FILES = [
  'catalog-info.yaml',
  'mkdocs.yml',
  'docs/index.md',
  'docs/runbook.md',
  'main.go',
  'metrics.go',
  'main_test.go',
  'go.mod',
  'Dockerfile',
  'chart/Chart.yaml',
  'chart/values.yaml',
  'chart/templates/deployment.yaml',
  'chart/templates/service.yaml',
  'chart/templates/servicemonitor.yaml',
  'chart/templates/prometheusrule.yaml',
  'chart/templates/dashboard.yaml',
  '.github/workflows/ci.yaml',
];

/** Where bookstore:gitops:local commits the change (bookstore.gitops defaults). */
const GITOPS = {
  repository: 'platform-gitops.git',
  claim: `tenants/${TENANT.name}.yaml`,
  application: `apps/${SERVICE.name}-${TENANT.regions[0]}.yaml`,
};

/** The Application's name: the template's argocd/application.yaml. */
const APPLICATION = `bookstore-${SERVICE.name}-${TENANT.regions[0]}`;

test.use({ person: 'alice' });

test('a developer runs the new-bookstore-service golden path for her team; the service, its repository and its tenant appear', async ({
  page,
}, testInfo) => {
  const { gitDir } = await control.state();
  const gitIn =
    (repository: string) =>
    (...args: string[]) =>
      execFileSync('git', ['--git-dir', join(gitDir, repository), ...args], {
        encoding: 'utf8',
      });
  const git = gitIn(`${SERVICE.name}.git`);
  const gitops = gitIn(GITOPS.repository);

  await test.step('alice fills in the form of "New Bookstore microservice"', async () => {
    await openApp(page, '/create');
    await page
      .locator('div')
      .filter({
        has: page.getByText('New Bookstore microservice', { exact: true }),
      })
      .getByRole('button', { name: 'Choose' })
      .first()
      .click();
    await page
      .getByRole('textbox', { name: 'Service name' })
      .fill(SERVICE.name);
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill(SERVICE.description);
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('textbox', { name: 'Owner' }).fill('Payments');
    await page
      .getByRole('option', { name: /Payments Team|team-payments/ })
      .first()
      .click();
    await expect(page.getByRole('textbox', { name: 'System' })).toHaveValue(
      'system:default/bookstore-platform',
    );
    await page.getByRole('button', { name: 'Next' }).click();

    // Tenant: a new one, standard tier, in two regions.
    await page.getByRole('textbox', { name: 'Tenant name' }).fill(TENANT.name);
    await page
      .getByRole('textbox', { name: 'Tenant display name' })
      .fill(TENANT.displayName);
    await page
      .getByRole('button', { name: /Tier/ })
      .or(page.getByRole('combobox', { name: /Tier/ }))
      .first()
      .click();
    await page.getByRole('option', { name: /^Standard/ }).click();
    await page.getByRole('checkbox', { name: 'eu-west' }).check();
    await expect(page.getByRole('checkbox', { name: 'us-east' })).toBeChecked();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText(SERVICE.description)).toBeVisible();
    await saveScreenshot(page, testInfo, 'new-service-review');
  });

  await test.step('she creates it; the task completes', async () => {
    const submitted = Date.now();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(/\/create\/tasks\//);
    await expect(
      page.getByRole('link', { name: 'Open in catalog' }),
    ).toBeVisible({
      timeout: 180_000,
    });
    reportTime(
      testInfo,
      'submit-to-task-completed',
      'Create to task completed',
      Date.now() - submitted,
    );
    await expect(page.getByText(/failed/i)).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'new-service-task');
  });

  await test.step('the published repository holds the rendered service, committed as alice', async () => {
    const files = git('ls-tree', '-r', '--name-only', 'main')
      .trim()
      .split('\n');
    expect(files).toEqual(expect.arrayContaining(EXPECTED_FILES));
    expect(git('log', '-1', '--format=%an <%ae>', 'main').trim()).toBe(
      'Alice Anders <alice@bookstore.example>',
    );
    const catalogInfo = parse(git('show', 'main:catalog-info.yaml'));
    expect(catalogInfo.metadata.name).toBe(SERVICE.name);
    expect(catalogInfo.spec.owner).toBe('group:default/team-payments');
    expect(
      catalogInfo.metadata.annotations['platform.bookstore.io/tenant'],
    ).toBe(TENANT.name);
    // The claim and the Application are not part of the service repository.
    expect(
      files.filter(f => f.startsWith('deploy/') || f.startsWith('gitops/')),
    ).toEqual([]);
  });

  await test.step("the platform's GitOps repository holds the tenant's claim and the service's Argo CD Application", async () => {
    // bookstore:gitops:local merged the change into the base branch (autoMerge, the local default).
    const changed = gitops('ls-tree', '-r', '--name-only', 'main')
      .trim()
      .split('\n');
    expect(changed).toEqual(
      expect.arrayContaining([GITOPS.claim, GITOPS.application]),
    );
    const claim = parse(gitops('show', `main:${GITOPS.claim}`));
    expect(claim).toMatchObject({
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'BookstoreTenant',
      metadata: {
        name: TENANT.name,
        namespace: 'bookstore-tenants',
        labels: { 'platform.bookstore.io/team': 'team-payments' },
      },
      spec: {
        parameters: {
          owner: 'team-payments',
          tier: 'standard',
          regions: TENANT.regions,
          displayName: TENANT.displayName,
        },
      },
    });
    const application = parse(gitops('show', `main:${GITOPS.application}`));
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: APPLICATION,
        namespace: 'argocd',
        labels: { 'backstage.io/kubernetes-id': SERVICE.name },
      },
      spec: {
        source: { path: 'chart', targetRevision: 'main' },
        destination: {
          name: TENANT.regions[0],
          namespace: `${TENANT.name}-${TENANT.regions[0]}`,
        },
      },
    });
  });

  await test.step('the new component is in the catalog, owned by her team', async () => {
    await page.getByRole('link', { name: 'Open in catalog' }).click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${SERVICE.name}`),
    );
    await expect(
      page.getByRole('heading', { name: SERVICE.name, level: 2 }),
    ).toBeVisible();
    const about = page
      .locator('article')
      .filter({ has: page.getByRole('heading', { name: 'About' }) });
    await expect(
      about.getByRole('link', { name: 'Payments Team' }),
    ).toBeVisible();
    await expect(about.getByText(SERVICE.description)).toBeVisible();
    await saveScreenshot(page, testInfo, 'new-service');
  });

  await test.step('GitOps brings the claim to the clusters; its tenant appears in the catalog', async () => {
    // Argo CD applies the GitOps repository's claim, exactly as committed, to the control
    // planes of its regions (Crossplane reconciles it) and syncs the committed Application
    // from the service repository: the fakes play both.
    const synced = Date.now();
    const { applied, deployed } = await control.gitopsSync(
      [GITOPS.claim, GITOPS.application]
        .map(file => gitops('show', `main:${file}`))
        .join('\n---\n'),
    );
    expect(applied.map(a => a.cluster)).toEqual(TENANT.regions);
    expect(deployed).toEqual([APPLICATION]);

    // The Crossplane catalog provider watches the claims: the tenant shows up without a refresh.
    await expect(async () => {
      await openApp(page, `/catalog/default/resource/${TENANT.name}`);
      await expect(
        page.getByRole('heading', { name: TENANT.displayName, level: 2 }),
      ).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 120_000, intervals: [1_000] });
    reportTime(
      testInfo,
      'gitops-sync-to-tenant-in-catalog',
      'GitOps sync to the tenant on its catalog page',
      Date.now() - synced,
    );
    await expect(
      page.getByRole('link', { name: 'Payments Team' }).first(),
    ).toBeVisible();
    await entityTab(page, 'Tenant').click();
    for (const cluster of TENANT.regions) {
      const row = page.getByRole('row', {
        name: startingWith(`${cluster} bookstore-tenants/${TENANT.name}`),
      });
      await expect(row).toBeVisible();
      await expect(row).toContainText('True');
    }
    await saveScreenshot(page, testInfo, 'new-service-tenant');
  });

  await test.step('its CI/CD tab shows the Argo CD Application synced at the published commit', async () => {
    await openApp(page, `/catalog/default/component/${SERVICE.name}`);
    await entityTab(page, 'CI/CD').click();
    await expect(
      page.getByRole('row', {
        name: `${APPLICATION} argocd Synced Healthy`,
        exact: false,
      }),
    ).toBeVisible();
    const live = page
      .getByRole('row')
      .filter({ hasText: git('rev-parse', 'main').trim() });
    await expect(live).toContainText(
      git('log', '-1', '--format=%s', 'main').trim(),
    );
    await expect(live).toContainText('Alice Anders <alice@bookstore.example>');
    await saveScreenshot(page, testInfo, 'new-service-argocd');
  });

  await test.step('its scorecard on the Overview: made by the golden path, in its tenant, synced', async () => {
    // The facts are read on the retrievers' schedule (every minute here): reload until scored.
    // The scorecard card: its score, and one list item per check (named after it).
    const score = page.getByText(/^\d+ of \d+ checks passed/);
    const check = (name: string) => page.getByRole('listitem', { name });
    await expect(async () => {
      await openApp(page, `/catalog/default/component/${SERVICE.name}`);
      await expect(score).toBeVisible({ timeout: 10_000 });
      for (const name of [
        'Made by the golden path',
        'Runs in a BookstoreTenant',
        'Argo CD synced and healthy',
      ]) {
        await expect(check(name)).toContainText('passed', { timeout: 1_000 });
      }
    }).toPass({ timeout: 180_000, intervals: [5_000] });
    await expect(check('Owner team exists')).toContainText('passed');
    await score.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'new-service-scorecard');
  });

  await test.step('the service depends on its tenant', async () => {
    await openApp(page, `/catalog/default/component/${SERVICE.name}`);
    const dependsOn = page.locator('article').filter({
      has: page.getByRole('heading', { name: 'Depends on resources' }),
    });
    await expect(
      dependsOn.getByRole('link', { name: TENANT.displayName }),
    ).toBeVisible();
  });
});
