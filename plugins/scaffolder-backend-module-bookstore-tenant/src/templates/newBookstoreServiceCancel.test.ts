import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import {
  holdingProxyDiscovery,
  startHoldingProxy,
} from '../__testUtils__/holdingProxy';
import {
  guestSignInForTests,
  loadPortalConfig,
  oauth2ProxySignInForTests,
  signInAs,
  signInAsGuest,
  startPortalBackend,
  waitForEntities,
} from '../__testUtils__/portal';

/**
 * Cancelling new-bookstore-service in the local portal (issue 14, item 5): the
 * portal's real backend, its plugins reaching each other (the scaffolder its
 * catalog) through a proxy the test controls, so that a step can be held at the network boundary
 * while the task is cancelled. After a cancel, no step that had not started
 * publishes or registers anything, and the task ends failed with the
 * cancellation in its log.
 */

jest.setTimeout(240_000);

const TEMPLATE_REF = 'template:default/new-bookstore-service';

interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

describe('cancelling new-bookstore-service in the local portal', () => {
  let backend: Awaited<ReturnType<typeof startPortalBackend>>;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  let baseUrl: string;
  let alice: string;
  let carol: string;
  const root = mkdtempSync(join(tmpdir(), 'golden-path-cancel-'));
  const gitDir = join(root, 'git');

  beforeAll(async () => {
    process.env.BOOKSTORE_LOCAL_GIT_DIR = gitDir;
    proxy = await startHoldingProxy();
    const config = await loadPortalConfig(
      ['app-config.yaml'],
      [
        guestSignInForTests,
        oauth2ProxySignInForTests,
        { backend: { baseUrl: proxy.url } },
      ],
    );
    backend = await startPortalBackend(config, [
      holdingProxyDiscovery(proxy.url),
    ]);
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}`;
    proxy.setTarget(baseUrl);
    await waitForEntities(baseUrl, await signInAsGuest(baseUrl), entities =>
      ['user:alice', 'user:carol', 'template:new-bookstore-service'].every(
        ref =>
          entities.some(
            e => `${e.kind}:${e.metadata.name}`.toLowerCase() === ref,
          ),
      ),
    );
    alice = (await signInAs(baseUrl, 'alice')).token;
    carol = (await signInAs(baseUrl, 'carol')).token;
  });

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    delete process.env.BOOKSTORE_LOCAL_GIT_DIR;
    rmSync(root, { recursive: true, force: true });
  });

  const api = () => request(baseUrl);

  async function submit(name: string): Promise<string> {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', `Bearer ${alice}`)
      .send({
        templateRef: TEMPLATE_REF,
        values: {
          name,
          owner: 'group:default/team-payments',
          system: 'system:default/bookstore-platform',
          port: 8080,
          tenantMode: 'new',
          tenantName: `${name}-tenant`,
          tier: 'standard',
          regions: ['us-east'],
        },
      });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function events(taskId: string): Promise<TaskEvent[]> {
    return (
      await api()
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', `Bearer ${alice}`)
    ).body;
  }

  async function status(taskId: string): Promise<string> {
    return (
      await api()
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', `Bearer ${alice}`)
    ).body.status;
  }

  /** Cancels as alice; returns when the cancel was answered and the step running then. */
  async function cancel(taskId: string) {
    const response = await api()
      .post(`/api/scaffolder/v2/tasks/${taskId}/cancel`)
      .set('Authorization', `Bearer ${alice}`);
    expect(response.status).toBe(200);
    const cancelledAt = Date.now();
    const begun = (await events(taskId))
      .filter(e => e.body.message?.startsWith('Beginning step'))
      .map(e => e.body.stepId!);
    return { cancelledAt, begun };
  }

  /** Waits for the task to end; how long after `since` it did. */
  async function ended(taskId: string, since: number) {
    let current = await status(taskId);
    while (!['completed', 'failed', 'cancelled'].includes(current)) {
      await new Promise(r => setTimeout(r, 10));
      current = await status(taskId);
    }
    const stoppedMs = Date.now() - since;
    const log = await events(taskId);
    return { status: current, stoppedMs, log };
  }

  /** The bookstore-local-git locations registered, as an admin lists them. */
  async function registered(repoName: string): Promise<boolean> {
    const response = await api()
      .get('/api/catalog/locations')
      .set('Authorization', `Bearer ${carol}`);
    expect(response.status).toBe(200);
    return (
      response.body as Array<{ data: { type: string; target: string } }>
    ).some(
      l => l.data.type === 'bookstore-local-git' && l.data.target === repoName,
    );
  }

  /**
   * The scaffolder's own steps that only change the task's workspace: its runner learns of a
   * cancel by polling, so one of them may still begin right after it (our actions learn of it
   * at once). None of them reaches anything outside the workspace.
   */
  const WORKSPACE_ONLY_STEPS = ['gitops-clean'];

  /**
   * Steps that began after the ones `begun` lists did nothing but fail as cancelled (or only
   * changed the task's workspace).
   */
  function expectNothingStartedAfter(begun: string[], log: TaskEvent[]) {
    const later = log.filter(
      e =>
        e.body.stepId &&
        !begun.includes(e.body.stepId) &&
        !WORKSPACE_ONLY_STEPS.includes(e.body.stepId) &&
        e.body.message?.startsWith('Finished step'),
    );
    expect(later.map(e => e.body.stepId)).toEqual([]);
  }

  it('runs no step that had not started: a cancel while verify waits on the catalog publishes and registers nothing', async () => {
    const name = 'cancel-in-verify';
    const held = proxy.holdNext(
      req =>
        req.method === 'GET' &&
        req.url === `/api/catalog/entities/by-name/component/default/${name}`,
    );
    const taskId = await submit(name);
    const heldRequest = await held;
    const { cancelledAt, begun } = await cancel(taskId);
    expect(begun.at(-1)).toBe('verify');
    heldRequest.release();
    const { status: final, stoppedMs, log } = await ended(taskId, cancelledAt);
    // eslint-disable-next-line no-console
    console.log(
      `cancel during verify: task ${final} ${stoppedMs} ms after the cancel was answered`,
    );
    expect(final).toBe('failed');
    expectNothingStartedAfter(begun, log);
    expect(log.map(e => e.body.message).join('\n')).toMatch(/cancelled/);
    expect(existsSync(join(gitDir, `${name}.git`))).toBe(false);
    expect(existsSync(join(gitDir, name))).toBe(false);
    expect(await registered(name)).toBe(false);
  });

  it('stops register-local between its dry run and the registration: the repository stays published, nothing is registered', async () => {
    const name = 'cancel-in-register';
    const held = proxy.holdNext(
      req =>
        req.method === 'POST' &&
        req.url?.startsWith('/api/catalog/locations') === true &&
        req.url.includes('dryRun=true'),
    );
    const taskId = await submit(name);
    const heldRequest = await held;
    const { cancelledAt, begun } = await cancel(taskId);
    expect(begun.at(-1)).toBe('register-local');
    heldRequest.release();
    const { status: final, stoppedMs, log } = await ended(taskId, cancelledAt);
    // eslint-disable-next-line no-console
    console.log(
      `cancel during register-local: task ${final} ${stoppedMs} ms after the cancel was answered`,
    );
    expect(final).toBe('failed');
    const failure = log.find(
      e => e.body.stepId === 'register-local' && e.body.status === 'failed',
    );
    expect(failure?.body.message).toMatch(/cancelled.*nothing was registered/s);
    expect(existsSync(join(gitDir, `${name}.git`))).toBe(true);
    expect(await registered(name)).toBe(false);
  });

  it.each([30, 150, 300, 600])(
    'a cancel %i ms after submit: no step that had not started publishes or registers',
    async delayMs => {
      const name = `cancel-after-${delayMs}ms`;
      const taskId = await submit(name);
      const submittedAt = Date.now();
      await new Promise(r => setTimeout(r, delayMs));
      const { cancelledAt, begun } = await cancel(taskId);
      const {
        status: final,
        stoppedMs,
        log,
      } = await ended(taskId, cancelledAt);
      const finished = log
        .filter(e => e.body.message?.startsWith('Finished step'))
        .map(e => e.body.stepId!);
      // eslint-disable-next-line no-console
      console.log(
        `cancel ${cancelledAt - submittedAt} ms after submit, during ${
          begun.at(-1) ?? 'no step yet'
        }: task ${final} ${stoppedMs} ms later; finished steps: ${
          finished.join(', ') || 'none'
        }`,
      );
      expectNothingStartedAfter(begun, log);
      const outcome = {
        status: final,
        published: existsSync(join(gitDir, `${name}.git`)),
        registered: await registered(name),
      };
      expect(outcome).toEqual({
        // Only a cancel during the last step, after its last check, leaves nothing to stop.
        status:
          final === 'completed' && begun.at(-1) === 'register-local'
            ? 'completed'
            : 'failed',
        published: begun.includes('publish-local') ? outcome.published : false,
        registered: begun.includes('register-local')
          ? outcome.registered
          : false,
      });
    },
  );
});
