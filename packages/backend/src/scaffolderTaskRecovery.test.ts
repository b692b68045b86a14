import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { waitForEntities } from './__testUtils__/catalogClient';
import { serveOidcDiscovery } from './__testUtils__/oidc';
import { signInAsGuest } from './__testUtils__/portalBackend';
import { startPostgres, TestPostgres } from './__testUtils__/postgres';
import { addFileLocation } from './__testUtils__/portalConfig';
import { loadProductionPortalConfig } from './__testUtils__/productionPortal';
import { startBackendProcess } from './__testUtils__/backendProcess';

jest.setTimeout(300_000);

/** How long a task may go without a heartbeat before another replica takes it (test value). */
const STALE_SECONDS = 5;
/** The step during which replica A is cut off. */
const WAIT_SECONDS = 8;

/**
 * Issue 17, item 2: two replicas on one PostgreSQL with the production config's task recovery.
 * Replica A runs a task that publishes a repository (a checkpointed side effect of ours) and
 * then waits; A is cut off from the database mid-task, as when its pod is killed. Replica B
 * takes the task over once its heartbeat is stale, runs it from the start, and completes it
 * without publishing again.
 */
describe('scaffolder tasks of a replica that dies', () => {
  let postgres: TestPostgres;
  let keycloak: Awaited<ReturnType<typeof serveOidcDiscovery>>;
  const root = mkdtempSync(join(tmpdir(), 'task-recovery-'));
  const gitDir = join(root, 'git');
  const templateFile = join(root, 'template.json');

  beforeAll(async () => {
    postgres = await startPostgres();
    keycloak = await serveOidcDiscovery();
    writeFileSync(
      templateFile,
      JSON.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'publish-then-wait' },
        spec: {
          owner: 'group:default/platform-team',
          type: 'service',
          EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
          parameters: [{ properties: { repoName: { type: 'string' } } }],
          steps: [
            {
              id: 'publish',
              name: 'Publish',
              action: 'bookstore:publish:local',
              input: { repoName: '${{ parameters.repoName }}' },
            },
            {
              id: 'wait',
              name: 'Wait',
              action: 'debug:wait',
              input: { seconds: WAIT_SECONDS },
            },
          ],
        },
      }),
    );
  });

  afterAll(async () => {
    await postgres?.stop();
    await keycloak?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A replica's config: production's, with a short stale timeout and local publishing. */
  const replicaConfig = () =>
    loadProductionPortalConfig({
      database: postgres.connection,
      keycloakMetadataUrl: keycloak.metadataUrl,
      overrides: [
        {
          scaffolder: {
            taskRecovery: { staleTimeout: { seconds: STALE_SECONDS } },
          },
          bookstore: {
            publish: { target: 'local', local: { directory: gitDir } },
            // Production's GitOps repository is a GitHub URL; a local target takes a bare one.
            gitops: { repository: join(gitDir, 'platform-gitops.git') },
          },
        },
      ],
    }).then(config => {
      addFileLocation(config, templateFile, ['Template']);
      return config;
    });

  it('is taken over by another replica and completed, its side effects not repeated', async () => {
    const config = await replicaConfig();
    // Both replicas up before the task: a replica claims only the tasks submitted to it, or
    // those it recovers, so A runs it. One after the other: two first starts at once on an empty
    // database fail one of them on the catalog's migration lock (the pod restarts, in a cluster).
    // Each in a process of its own, as replicas run.
    const a = await startBackendProcess(config, root);
    const b = await startBackendProcess(config, root);
    try {
      const token = await signInAsGuest(b.url);
      await waitForEntities(b.url, token, all =>
        all.some(e => e.metadata.name === 'publish-then-wait'),
      );
      const created = await request(a.url)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', `Bearer ${token}`)
        .send({
          templateRef: 'template:default/publish-then-wait',
          values: { repoName: 'recovered-service' },
        });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      const status = async () =>
        (
          await request(b.url)
            .get(`/api/scaffolder/v2/tasks/${id}`)
            .set('Authorization', `Bearer ${token}`)
        ).body.status as string;
      const events = async () =>
        (
          await request(b.url)
            .get(`/api/scaffolder/v2/tasks/${id}/events`)
            .set('Authorization', `Bearer ${token}`)
        ).body as Array<{
          type: string;
          body: { stepId?: string; status?: string; message?: string };
        }>;
      const inWaitStep = (seen: Awaited<ReturnType<typeof events>>) =>
        seen.some(
          e => e.body.stepId === 'wait' && e.body.status === 'processing',
        );

      // A has published and is in the wait step: kill it.
      while (!inWaitStep(await events())) {
        await new Promise(r => setTimeout(r, 200));
      }
      await a.kill();
      const killedAt = Date.now();
      expect(await status()).toBe('processing');

      let now = 'processing';
      const deadline = killedAt + 90_000;
      while (
        !['completed', 'failed', 'cancelled'].includes(now) &&
        Date.now() < deadline
      ) {
        await new Promise(r => setTimeout(r, 500));
        now = await status();
      }
      const seconds = (Date.now() - killedAt) / 1000;
      process.stdout.write(
        `task of a killed replica: ${now} ${seconds.toFixed(
          1,
        )} s after the kill (stale after ${STALE_SECONDS} s, a ${WAIT_SECONDS} s step)\n`,
      );
      expect(now).toBe('completed');
      const afterRecovery = await events();
      expect(afterRecovery.map(e => e.type)).toContain('recovered');
      // The publish step ran again from its checkpoint: no second publication was attempted.
      expect(
        afterRecovery.filter(e =>
          e.body.message?.includes('already holds this content'),
        ),
      ).toEqual([]);
      expect(
        execFileSync('git', ['rev-list', '--count', 'main'], {
          cwd: join(gitDir, 'recovered-service.git'),
          encoding: 'utf8',
        }).trim(),
      ).toBe('1');
      // Bounded: the stale timeout, the recovery loop (every 10 s), the task from the start.
      expect(seconds).toBeLessThan(STALE_SECONDS + 10 + WAIT_SECONDS + 30);
    } finally {
      await b.kill();
      await a.kill();
    }
  });
});
