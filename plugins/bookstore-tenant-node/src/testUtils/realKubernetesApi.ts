import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TENANT_API_GROUP } from '@internal/plugin-bookstore-tenant-common';
import { createSelfSignedCertificate } from './selfSignedCertificate';
import { tenantCustomResourceDefinitions } from './tenantCrds';

/** Where `scripts/kube-test-server/build.sh` links the built binaries. */
const DEFAULT_BINARY_DIR = resolvePackagePath(
  '@internal/plugin-bookstore-tenant-node',
  '../../.tools/kube',
);
const BUILD_SCRIPT = 'scripts/kube-test-server/build.sh';

/** An RBAC rule, as in a Role or ClusterRole. */
export interface KubernetesPolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

/** A service account made by {@link RealKubernetesApi.createServiceAccount}. */
export interface KubernetesServiceAccount {
  namespace: string;
  name: string;
  /** A bearer token of the account, from the TokenRequest API. */
  token: string;
}

/** The answer of {@link RealKubernetesApi.request}. */
export interface KubernetesApiAnswer {
  status: number;
  body: any;
}

/** A running kube-apiserver with its etcd, from {@link startRealKubernetesApi}. */
export interface RealKubernetesApi {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** The PEM certificate the server presents; trust it as the CA. */
  ca: string;
  /** The same, base64 encoded, as `caData` in kubeconfig and app-config. */
  caData: string;
  /** A token of the `system:masters` group, for setting up tests. */
  adminToken: string;
  /** How long the start took, until `/readyz` answered ok. */
  startMs: number;
  /** A request as the admin (or with `token`); JSON in and out. */
  request(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string; contentType?: string },
  ): Promise<KubernetesApiAnswer>;
  /** Creates a namespace; one that exists already is fine. */
  createNamespace(name: string): Promise<void>;
  /**
   * Installs the BookstoreTenant claim and composite CRDs derived from the
   * contract (the composite cluster-scoped unless asked), and waits until the
   * server serves them.
   */
  installTenantCrds(options?: {
    compositeScope?: 'Cluster' | 'Namespaced';
  }): Promise<void>;
  /**
   * Stores an object at its API path as a controller writing it would: its
   * metadata and spec by server-side apply (field manager `manager`, forced),
   * then its `status`, if any, through the status subresource. Returns the
   * object as stored; rejects with the server's message when it refuses it.
   */
  put(
    path: string,
    object: Record<string, any>,
    manager?: string,
  ): Promise<Record<string, any>>;
  /** Deletes the object at an API path; one already gone is fine. */
  remove(path: string): Promise<void>;
  /**
   * Creates a service account (and its namespace), binds `clusterRules` with a
   * ClusterRole and each of `namespaceRules` with a Role, and returns a token.
   */
  createServiceAccount(options: {
    namespace: string;
    name: string;
    clusterRules?: KubernetesPolicyRule[];
    namespaceRules?: { namespace: string; rules: KubernetesPolicyRule[] }[];
  }): Promise<KubernetesServiceAccount>;
  /**
   * The account the tenant provider and the tenant backend read with: get, list
   * and watch of claims, composites and events in every namespace, and discovery.
   */
  createTenantReader(name?: string): Promise<KubernetesServiceAccount>;
  /**
   * The account `bookstore:tenant:apply` writes with: get, create and patch of
   * claims in `namespace` only.
   */
  createTenantApplier(
    namespace: string,
    name?: string,
  ): Promise<KubernetesServiceAccount>;
  /**
   * Forgets the history before now: compacts etcd at its current revision (as
   * the API server's own compactor does, `compact_rev_key` included) and
   * restarts kube-apiserver, so that its watch cache, which keeps serving
   * history etcd no longer has, is rebuilt. Watches from an older
   * resourceVersion then get 410 Gone, older continue tokens 410. Open
   * connections end. Returns the compacted revision.
   */
  compact(): Promise<number>;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
}

/** Options of {@link startRealKubernetesApi}. */
export interface RealKubernetesApiOptions {
  /**
   * Where `kube-apiserver` and `etcd` are: `KUBE_TEST_SERVER_DIR`, else the
   * repository's `.tools/kube` (linked there by `scripts/kube-test-server/build.sh`).
   */
  binaryDir?: string;
  /** How long to wait for `/readyz`; default 60 s. */
  readyTimeoutMs?: number;
}

/** The rules of {@link RealKubernetesApi.createTenantReader}. */
export const TENANT_READER_RULES: KubernetesPolicyRule[] = [
  {
    apiGroups: [TENANT_API_GROUP],
    resources: ['bookstoretenants', 'xbookstoretenants'],
    verbs: ['get', 'list', 'watch'],
  },
  {
    apiGroups: ['', 'events.k8s.io'],
    resources: ['events'],
    verbs: ['get', 'list', 'watch'],
  },
  { nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*'], verbs: ['get'] },
];

/**
 * The rules of {@link RealKubernetesApi.createTenantApplier}: `get` for the
 * ownership check, `patch` for server-side apply, and `create`, which the API
 * server also asks of a server-side apply that creates the object.
 */
export const TENANT_APPLIER_RULES: KubernetesPolicyRule[] = [
  {
    apiGroups: [TENANT_API_GROUP],
    resources: ['bookstoretenants'],
    verbs: ['get', 'create', 'patch'],
  },
];

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise(done => server.close(done));
  return port;
}

const sleep = (ms: number) => new Promise(done => setTimeout(done, ms));

/** A child process whose output is kept for the error message when it fails. */
class Server {
  readonly #name: string;
  readonly #child: ChildProcess;
  #output = '';
  #exit: Promise<void>;
  exited = false;

  constructor(name: string, binary: string, args: string[]) {
    this.#name = name;
    this.#child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-20_000);
    };
    this.#child.stdout!.on('data', keep);
    this.#child.stderr!.on('data', keep);
    this.#exit = new Promise(done => {
      this.#child.on('exit', () => {
        this.exited = true;
        done();
      });
      this.#child.on('error', error => {
        keep(Buffer.from(String(error)));
        this.exited = true;
        done();
      });
    });
  }

  failure(what: string): Error {
    const tail = this.#output.split('\n').slice(-30).join('\n');
    return new Error(`${this.#name} ${what}; its last output:\n${tail}`);
  }

  /** Ends the process: gracefully with SIGTERM (SIGKILL after 5 s), or at once. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') {
    if (this.exited) {
      return;
    }
    this.#child.kill(signal);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await this.#exit;
    clearTimeout(timer);
  }
}

/** A JSON request over HTTP(S) to 127.0.0.1. */
function jsonRequest(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
  ca?: string,
): Promise<KubernetesApiAnswer> {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method,
        ca,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        timeout: 10_000,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (e.g. /readyz answers "ok"): the text as is
          }
          done({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', fail);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${url} timed out`)),
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/**
 * Starts a real kube-apiserver with its own etcd for a test file, on free
 * loopback ports, with files in a temporary folder: HTTPS with a self-signed
 * certificate, RBAC, service account tokens signed with a key made for the
 * run, and a static admin token. Resolves once `/readyz` answers ok; rejects
 * with the servers' output when either fails. The binaries come from
 * `scripts/kube-test-server/build.sh`; when they are missing it rejects saying so.
 */
export async function startRealKubernetesApi(
  options: RealKubernetesApiOptions = {},
): Promise<RealKubernetesApi> {
  const started = Date.now();
  const binaryDir =
    options.binaryDir ?? process.env.KUBE_TEST_SERVER_DIR ?? DEFAULT_BINARY_DIR;
  const apiServerBinary = join(binaryDir, 'kube-apiserver');
  const etcdBinary = join(binaryDir, 'etcd');
  for (const binary of [apiServerBinary, etcdBinary]) {
    if (!existsSync(binary)) {
      throw new Error(
        `The real Kubernetes API server is not built: ${binary} is missing. Run ${BUILD_SCRIPT} (scripts/portal test runs it before the tests).`,
      );
    }
  }

  const dir = await mkdtemp(join(tmpdir(), 'real-kube-'));
  const [etcdPort, peerPort, apiPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
  ]);
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const url = `https://127.0.0.1:${apiPort}`;

  const etcd = new Server('etcd', etcdBinary, [
    '--name=test',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=test=http://127.0.0.1:${peerPort}`,
    '--unsafe-no-fsync',
    // How often etcd tells watchers its revision, which moves the API server's
    // watch cache on and so lets bookmarks out of quiet resources (kube-up's
    // clusters use 5 s, etcd's default is 10 min).
    '--watch-progress-notify-interval=1s',
    '--log-level=warn',
  ]);
  let apiServer: Server | undefined;
  // Their files are removed anyway: no graceful shutdown (which takes a second).
  const stop = async () => {
    await apiServer?.stop('SIGKILL');
    await etcd.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const adminToken = randomBytes(24).toString('hex');
    const tls = await createSelfSignedCertificate();
    const serviceAccountKey = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
    });
    await Promise.all([
      writeFile(join(dir, 'tls.crt'), tls.cert),
      writeFile(join(dir, 'tls.key'), tls.key),
      writeFile(
        join(dir, 'sa.key'),
        serviceAccountKey.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      ),
      writeFile(
        join(dir, 'sa.pub'),
        serviceAccountKey.publicKey.export({ type: 'spki', format: 'pem' }),
      ),
      writeFile(
        join(dir, 'tokens.csv'),
        `${adminToken},test-admin,test-admin,system:masters\n`,
      ),
    ]);
    const apiServerArgs = [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${dir}`,
      `--tls-cert-file=${join(dir, 'tls.crt')}`,
      `--tls-private-key-file=${join(dir, 'tls.key')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // No kubelets, nodes or other API servers here: nothing to reconcile.
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--shutdown-delay-duration=0s',
    ];
    const request = (
      method: string,
      path: string,
      body?: unknown,
      requestOptions: { token?: string; contentType?: string } = {},
    ) =>
      jsonRequest(
        `${url}${path}`,
        method,
        body,
        {
          authorization: `Bearer ${requestOptions.token ?? adminToken}`,
          ...(requestOptions.contentType
            ? { 'content-type': requestOptions.contentType }
            : {}),
        },
        tls.cert,
      );

    const startApiServer = async (timeoutMs: number) => {
      apiServer = new Server('kube-apiserver', apiServerBinary, apiServerArgs);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (etcd.exited) {
          throw etcd.failure('exited');
        }
        if (apiServer.exited) {
          throw apiServer.failure('exited');
        }
        const answer = await request('GET', '/readyz').catch(() => undefined);
        if (answer?.status === 200) {
          return;
        }
        if (Date.now() > deadline) {
          throw apiServer.failure(
            `was not ready after ${timeoutMs} ms (last /readyz: ${
              answer?.status ?? 'no answer'
            })`,
          );
        }
        await sleep(100);
      }
    };
    await startApiServer(options.readyTimeoutMs ?? 60_000);

    const expectOk = (answer: KubernetesApiAnswer, what: string) => {
      if (answer.status >= 300) {
        throw new Error(
          `${what}: ${answer.status} ${
            answer.body?.message ?? JSON.stringify(answer.body)
          }`,
        );
      }
      return answer.body;
    };
    const create = async (path: string, object: unknown, what: string) => {
      const answer = await request('POST', path, object);
      if (answer.status !== 409) {
        expectOk(answer, what);
      }
    };
    const createNamespace = (name: string) =>
      create(
        '/api/v1/namespaces',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        `creating namespace ${name}`,
      );

    // `/readyz` answers ok before the watch caches of custom resources are
    // filled; until then their watches answer 429 "storage is (re)initializing".
    const tenantResources: string[] = [];
    const waitForWatchCaches = async () => {
      const deadline = Date.now() + 30_000;
      for (const path of tenantResources) {
        while (
          (await request('GET', `${path}?resourceVersion=0`)).status !== 200
        ) {
          if (Date.now() > deadline) {
            throw new Error(
              `the watch cache of ${path} was not ready after 30 s`,
            );
          }
          await sleep(50);
        }
      }
    };

    const etcdCall = async (path: string, body: unknown) => {
      const answer = await jsonRequest(`${etcdUrl}${path}`, 'POST', body, {});
      return expectOk(answer, `etcd ${path}`);
    };

    const createServiceAccount: RealKubernetesApi['createServiceAccount'] =
      async ({ namespace, name, clusterRules, namespaceRules = [] }) => {
        await createNamespace(namespace);
        await create(
          `/api/v1/namespaces/${namespace}/serviceaccounts`,
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
          `creating service account ${namespace}/${name}`,
        );
        const subject = { kind: 'ServiceAccount', name, namespace };
        const roleName = `${namespace}-${name}`;
        const rbac = '/apis/rbac.authorization.k8s.io/v1';
        if (clusterRules) {
          await create(
            `${rbac}/clusterroles`,
            {
              kind: 'ClusterRole',
              metadata: { name: roleName },
              rules: clusterRules,
            },
            `creating cluster role ${roleName}`,
          );
          await create(
            `${rbac}/clusterrolebindings`,
            {
              kind: 'ClusterRoleBinding',
              metadata: { name: roleName },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: roleName,
              },
              subjects: [subject],
            },
            `binding cluster role ${roleName}`,
          );
        }
        for (const { namespace: roleNamespace, rules } of namespaceRules) {
          await createNamespace(roleNamespace);
          const roles = `${rbac}/namespaces/${roleNamespace}`;
          await create(
            `${roles}/roles`,
            { kind: 'Role', metadata: { name: roleName }, rules },
            `creating role ${roleNamespace}/${roleName}`,
          );
          await create(
            `${roles}/rolebindings`,
            {
              kind: 'RoleBinding',
              metadata: { name: roleName },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'Role',
                name: roleName,
              },
              subjects: [subject],
            },
            `binding role ${roleNamespace}/${roleName}`,
          );
        }
        const tokenRequest = expectOk(
          await request(
            'POST',
            `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
            {
              apiVersion: 'authentication.k8s.io/v1',
              kind: 'TokenRequest',
              spec: { expirationSeconds: 3600 },
            },
          ),
          `requesting a token for ${namespace}/${name}`,
        );
        return { namespace, name, token: tokenRequest.status.token };
      };

    return {
      url,
      ca: tls.cert,
      caData: Buffer.from(tls.cert).toString('base64'),
      adminToken,
      startMs: Date.now() - started,
      request,
      createNamespace,
      async put(path, object, manager = 'test-controller') {
        const { status, ...rest } = object;
        const query = `?fieldManager=${encodeURIComponent(manager)}&force=true`;
        const applyPatch = 'application/apply-patch+yaml';
        let stored = expectOk(
          await request('PATCH', `${path}${query}`, rest, {
            contentType: applyPatch,
          }),
          `applying ${path}`,
        );
        if (status !== undefined) {
          const { apiVersion, kind, metadata } = rest;
          stored = expectOk(
            await request(
              'PATCH',
              `${path}/status${query}`,
              {
                apiVersion,
                kind,
                metadata: {
                  name: metadata.name,
                  namespace: metadata.namespace,
                },
                status,
              },
              { contentType: applyPatch },
            ),
            `applying ${path}/status`,
          );
        }
        return stored;
      },
      async remove(path) {
        const answer = await request('DELETE', path);
        if (answer.status !== 404) {
          expectOk(answer, `deleting ${path}`);
        }
      },
      async installTenantCrds(installOptions = {}) {
        const crds = tenantCustomResourceDefinitions(installOptions);
        const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
        for (const crd of [crds.claim, crds.composite]) {
          await create(path, crd, `installing ${crd.metadata.name}`);
        }
        for (const crd of [crds.claim, crds.composite]) {
          const deadline = Date.now() + 30_000;
          for (;;) {
            const { body } = await request(
              'GET',
              `${path}/${crd.metadata.name}`,
            );
            const established = (body?.status?.conditions ?? []).some(
              (c: { type: string; status: string }) =>
                c.type === 'Established' && c.status === 'True',
            );
            const resource = `/apis/${TENANT_API_GROUP}/${crd.spec.versions[0].name}/${crd.spec.names.plural}`;
            const served = established
              ? await request('GET', `${resource}?limit=1`)
              : undefined;
            if (served?.status === 200) {
              tenantResources.push(resource);
              break;
            }
            if (Date.now() > deadline) {
              throw new Error(`${crd.metadata.name} was not served after 30 s`);
            }
            await sleep(50);
          }
        }
        await waitForWatchCaches();
      },
      createServiceAccount,
      createTenantReader: (name = 'tenant-reader') =>
        createServiceAccount({
          namespace: 'bookstore-portal',
          name,
          clusterRules: TENANT_READER_RULES,
        }),
      createTenantApplier: (namespace, name = 'tenant-applier') =>
        createServiceAccount({
          namespace: 'bookstore-portal',
          name,
          namespaceRules: [{ namespace, rules: TENANT_APPLIER_RULES }],
        }),
      async compact() {
        const key = Buffer.from('compact_rev_key').toString('base64');
        const { header } = await etcdCall('/v3/kv/range', { key });
        const revision = Number(header.revision);
        await etcdCall('/v3/kv/put', {
          key,
          value: Buffer.from(String(revision)).toString('base64'),
        });
        await etcdCall('/v3/kv/compaction', { revision, physical: true });
        await apiServer!.stop();
        await startApiServer(options.readyTimeoutMs ?? 60_000);
        await waitForWatchCaches();
        return revision;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
