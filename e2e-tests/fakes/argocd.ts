import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FakeRequest, FakeResponse, startJsonServer } from './http';

/**
 * A fake Argo CD API server (the `/api/v1` REST API of argocd-server) with what the Argo CD
 * backend plugin (`@roadiehq/backstage-plugin-argo-cd-backend` / `-node`) asks for:
 *
 * - `POST /api/v1/session` `{username, password}` → `{token}` (or 401);
 * - `GET /api/v1/applications` (`selector`, `project`/`projects`, `appNamespace`) → an
 *   `ApplicationList` (`items: null` when nothing matches, as argocd-server answers);
 * - `GET /api/v1/applications/:name` (`appNamespace`) → an `Application`; an unknown one is
 *   `403 permission denied`, as argocd-server answers so as not to reveal which apps exist;
 * - `GET /api/v1/applications/:name/revisions/:revision/metadata` → the commit's metadata;
 * - `GET /api/v1/applications/:name/manifests` → the chart's rendered manifests (JSON strings);
 * - `GET /api/v1/applications/:name/resource-tree` → the managed resources' tree.
 *
 * `deploy` plays Argo CD syncing an Application it was given (from the GitOps repository).
 *
 * Every `/api/v1` call but the session needs `Authorization: Bearer <token>`; errors are
 * grpc-gateway's `{error, code, message}`. Test code only.
 */

export interface ArgoCdApplicationSeed {
  /** The service, e.g. payments-gateway. */
  service: string;
  region: string;
  /** The tenant it deploys into: namespace `<tenant>-<region>`. */
  tenant: string;
  sync: 'Synced' | 'OutOfSync' | 'Unknown';
  health: 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing';
  /** Deployed revisions, oldest first: the last one is live. */
  revisions: Array<{
    sha: string;
    author: string;
    message: string;
    deployedAt: string;
  }>;
  image: string;
}

const ARGOCD_NAMESPACE = 'argocd';

function grpcError(status: number, code: number, message: string) {
  return { status, body: { error: message, code, message } };
}

const unauthenticated = () => grpcError(401, 16, 'no session information');
const permissionDenied = () => grpcError(403, 7, 'permission denied');

/** An Application as committed to a GitOps repository: what Argo CD is given. */
export interface ApplicationManifest {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    project: string;
    source: { repoURL: string; path: string; targetRevision: string };
    destination: { name: string; namespace: string };
    syncPolicy?: Record<string, unknown>;
  };
}

/** How Argo CD has deployed an Application: its state and the revisions it synced. */
export type ArgoCdDeployment = Pick<
  ArgoCdApplicationSeed,
  'sync' | 'health' | 'revisions' | 'image'
>;

/** The Application the platform's GitOps repository holds for a seeded service. */
function seededManifest(seed: ArgoCdApplicationSeed): ApplicationManifest {
  const namespace = `${seed.tenant}-${seed.region}`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `bookstore-${seed.service}-${seed.region}`,
      namespace: ARGOCD_NAMESPACE,
      labels: {
        'backstage.io/kubernetes-id': seed.service,
        'platform.bookstore.io/tenant': seed.tenant,
        'app.kubernetes.io/part-of': 'bookstore-platform',
      },
      annotations: {
        'notifications.argoproj.io/subscribe.on-sync-failed.slack': `team-${seed.tenant}`,
      },
    },
    spec: {
      project: 'bookstore-platform',
      source: {
        repoURL: `https://github.com/bookstore-platform/${seed.service}.git`,
        path: 'chart',
        targetRevision: 'main',
      },
      destination: { name: seed.region, namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true'],
      },
    },
  };
}

/**
 * An `argoproj.io/v1alpha1` Application as argocd-server returns it once it has synced
 * `manifest`: the Service and Deployment of its chart in the destination namespace.
 */
export function syncedApplication(
  manifest: ApplicationManifest,
  deployment: ArgoCdDeployment,
) {
  const { source, destination } = manifest.spec;
  const labels = manifest.metadata.labels ?? {};
  const service =
    labels['backstage.io/kubernetes-id'] ?? manifest.metadata.name;
  const live = deployment.revisions[deployment.revisions.length - 1];
  const finishedAt = live.deployedAt;
  const startedAt = new Date(Date.parse(finishedAt) - 42_000).toISOString();
  const resources = [
    { group: '', version: 'v1', kind: 'Service', name: service },
    { group: 'apps', version: 'v1', kind: 'Deployment', name: service },
  ].map(r => ({
    ...r,
    namespace: destination.namespace,
    status: deployment.sync,
    health: { status: deployment.health },
  }));
  return {
    metadata: {
      name: manifest.metadata.name,
      namespace: manifest.metadata.namespace ?? ARGOCD_NAMESPACE,
      uid: randomUUID(),
      resourceVersion: '48213',
      generation: deployment.revisions.length,
      creationTimestamp: deployment.revisions[0].deployedAt,
      labels,
      annotations: manifest.metadata.annotations ?? {},
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: manifest.spec,
    status: {
      resources,
      sync: {
        status: deployment.sync,
        comparedTo: { source, destination },
        revision: live.sha,
      },
      health: { status: deployment.health, lastTransitionTime: finishedAt },
      history: deployment.revisions.map((revision, i) => ({
        revision: revision.sha,
        deployedAt: revision.deployedAt,
        id: i + 1,
        source,
        deployStartedAt: new Date(
          Date.parse(revision.deployedAt) - 42_000,
        ).toISOString(),
        initiatedBy: { automated: true },
      })),
      reconciledAt: new Date().toISOString(),
      operationState: {
        operation: {
          sync: { revision: live.sha, syncStrategy: { hook: {} } },
          initiatedBy: { automated: true },
          retry: { limit: 5 },
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: {
          resources: resources.map(r => ({
            group: r.group,
            version: r.version,
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
            status: 'Synced',
            message: `${r.kind.toLowerCase()}/${r.name} serverside-applied`,
            hookPhase: 'Running',
            syncPhase: 'Sync',
          })),
          revision: live.sha,
          source,
        },
        startedAt,
        finishedAt,
      },
      observedAt: new Date().toISOString(),
      sourceType: 'Helm',
      summary: { images: [deployment.image] },
      controllerNamespace: ARGOCD_NAMESPACE,
    },
  };
}

/** The seeded service's Application as argocd-server returns it. */
export function argoCdApplication(seed: ArgoCdApplicationSeed) {
  return syncedApplication(seededManifest(seed), seed);
}

const git = promisify(execFile);

function gitDirOf(repoURL: string): string {
  if (!repoURL.startsWith('file:')) {
    throw new Error(
      `the fake Argo CD reads only file: repositories, not ${repoURL}`,
    );
  }
  return fileURLToPath(repoURL);
}

/** The commit `targetRevision` names in the source repository, with its metadata. */
async function resolveRevision(repoURL: string, targetRevision: string) {
  const { stdout } = await git('git', [
    '--git-dir',
    gitDirOf(repoURL),
    'log',
    '-1',
    '--format=%H%x00%an <%ae>%x00%cI%x00%s',
    targetRevision,
    '--',
  ]);
  const [sha, author, deployedAt, message] = stdout.trim().split('\0');
  return { sha, author, deployedAt, message };
}

async function hasPath(repoURL: string, sha: string, path: string) {
  const { stdout } = await git('git', [
    '--git-dir',
    gitDirOf(repoURL),
    'ls-tree',
    '--name-only',
    sha,
    path,
  ]);
  return stdout.trim() === path;
}

/**
 * What the repo server renders of an Application's chart (`GET …/manifests`: each manifest a
 * JSON string): its Service and its Deployment, whose container has a readiness probe.
 */
function renderedManifests(app: ReturnType<typeof syncedApplication>) {
  const namespace = app.spec.destination.namespace;
  const service =
    app.metadata.labels['backstage.io/kubernetes-id'] ?? app.metadata.name;
  const labels = { 'app.kubernetes.io/name': service };
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace, labels },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: service, namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: service,
                image: app.status.summary.images[0],
                ports: [{ containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              },
            ],
          },
        },
      },
    },
  ].map(manifest => JSON.stringify(manifest));
}

function matchesSelector(
  labels: Record<string, string>,
  selector: string | undefined,
): boolean {
  if (!selector) {
    return true;
  }
  return selector.split(',').every(term => {
    const [key, value] = term.split(/!?==?/).map(s => s.trim());
    if (value === undefined) {
      return key in labels;
    }
    return term.includes('!=') ? labels[key] !== value : labels[key] === value;
  });
}

export type FakeArgoCd = Awaited<ReturnType<typeof startFakeArgoCd>>;

/** Starts the fake Argo CD API; `token` is the bearer token it accepts. */
export async function startFakeArgoCd(options: {
  token: string;
  username: string;
  password: string;
  applications: ArgoCdApplicationSeed[];
}) {
  const apps = options.applications.map(argoCdApplication);
  const sessionTokens = new Set([options.token]);
  const bySha = new Map(
    options.applications.flatMap(a => a.revisions.map(r => [r.sha, r])),
  );

  /**
   * Argo CD is given an Application (from the GitOps repository) and syncs it: the
   * repo server resolves its source's targetRevision in the source repository (here a
   * local `file:` one) and the sync succeeds at that commit.
   */
  const deploy = async (manifest: ApplicationManifest) => {
    const { repoURL, targetRevision, path } = manifest.spec.source;
    const revision = await resolveRevision(repoURL, targetRevision);
    const service =
      manifest.metadata.labels?.['backstage.io/kubernetes-id'] ??
      manifest.metadata.name;
    const deployment: ArgoCdDeployment = {
      sync: 'Synced',
      health: 'Healthy',
      revisions: [revision],
      image: `ghcr.io/bookstore-platform/${service}:${revision.sha.slice(
        0,
        7,
      )}`,
    };
    if (!(await hasPath(repoURL, revision.sha, path))) {
      throw new Error(
        `${repoURL} has no ${path}/ at ${targetRevision} (${revision.sha})`,
      );
    }
    const application = syncedApplication(manifest, deployment);
    const existing = apps.findIndex(
      a =>
        a.metadata.name === application.metadata.name &&
        a.metadata.namespace === application.metadata.namespace,
    );
    apps.splice(existing < 0 ? apps.length : existing, 1, application);
    for (const revision of deployment.revisions) {
      bySha.set(revision.sha, revision);
    }
    return application;
  };

  const authorized = (request: FakeRequest) => {
    const header = String(request.headers.authorization ?? '');
    const cookie = String(request.headers.cookie ?? '');
    const token =
      header.match(/^Bearer (.+)$/)?.[1] ??
      cookie.match(/(?:^|;\s*)argocd\.token=([^;]+)/)?.[1];
    return token !== undefined && sessionTokens.has(token);
  };

  const findApp = (request: FakeRequest, name: string) => {
    const appNamespace = request.query.appNamespace;
    return apps.find(
      a =>
        a.metadata.name === name &&
        (!appNamespace || a.metadata.namespace === appNamespace),
    );
  };

  const handle = (request: FakeRequest): FakeResponse | undefined => {
    const { method, path } = request;
    if (method === 'POST' && path === '/api/v1/session') {
      const body = (request.body ?? {}) as {
        username?: string;
        password?: string;
      };
      if (
        body.username !== options.username ||
        body.password !== options.password
      ) {
        return grpcError(401, 16, 'Invalid username or password');
      }
      const token = `argocd-session-${randomUUID()}`;
      sessionTokens.add(token);
      return { status: 200, body: { token } };
    }
    if (!path.startsWith('/api/v1/')) {
      return undefined;
    }
    if (!authorized(request)) {
      return unauthenticated();
    }
    if (method !== 'GET') {
      return grpcError(405, 12, `method ${method} not allowed`);
    }

    if (path === '/api/v1/applications') {
      const selector = request.query.selector as string | undefined;
      const projects = [request.query.project, request.query.projects]
        .flat()
        .filter((p): p is string => Boolean(p));
      const appNamespace = request.query.appNamespace;
      const items = apps.filter(
        a =>
          matchesSelector(a.metadata.labels, selector) &&
          (projects.length === 0 || projects.includes(a.spec.project)) &&
          (!appNamespace || a.metadata.namespace === appNamespace),
      );
      return {
        status: 200,
        body: {
          metadata: { resourceVersion: '48213' },
          items: items.length > 0 ? items : null,
        },
      };
    }

    const app = path.match(/^\/api\/v1\/applications\/([^/]+)$/);
    if (app) {
      const found = findApp(request, app[1]);
      return found ? { status: 200, body: found } : permissionDenied();
    }

    const revision = path.match(
      /^\/api\/v1\/applications\/([^/]+)\/revisions\/([^/]+)\/metadata$/,
    );
    if (revision) {
      if (!findApp(request, revision[1])) {
        return permissionDenied();
      }
      const commit = bySha.get(revision[2]);
      if (!commit) {
        return grpcError(
          500,
          2,
          `rpc error: code = Unknown desc = unable to resolve git revision ${revision[2]}: revision not found`,
        );
      }
      return {
        status: 200,
        body: {
          author: commit.author,
          date: commit.deployedAt,
          tags: null,
          message: commit.message,
          signatureInfo: '',
        },
      };
    }

    const manifests = path.match(
      /^\/api\/v1\/applications\/([^/]+)\/manifests$/,
    );
    if (manifests) {
      const found = findApp(request, manifests[1]);
      return found
        ? { status: 200, body: { manifests: renderedManifests(found) } }
        : permissionDenied();
    }

    const tree = path.match(
      /^\/api\/v1\/applications\/([^/]+)\/resource-tree$/,
    );
    if (tree) {
      const found = findApp(request, tree[1]);
      if (!found) {
        return permissionDenied();
      }
      const namespace = found.spec.destination.namespace;
      const service = found.metadata.labels['backstage.io/kubernetes-id'];
      const replicaSet = `${service}-7d9f8c6b5`;
      return {
        status: 200,
        body: {
          nodes: [
            ...found.status.resources.map(r => ({
              ...r,
              uid: randomUUID(),
              resourceVersion: '1',
              health: r.health,
            })),
            {
              version: 'v1',
              kind: 'ReplicaSet',
              namespace,
              name: replicaSet,
              group: 'apps',
              uid: randomUUID(),
              parentRefs: [
                { group: 'apps', kind: 'Deployment', namespace, name: service },
              ],
              info: [{ name: 'Revision', value: 'Rev:12' }],
              resourceVersion: '1',
              health: { status: 'Healthy' },
            },
          ],
          hosts: [],
        },
      };
    }
    return undefined;
  };

  const server = await startJsonServer({
    handle,
    notFound: request =>
      request.path.startsWith('/api/')
        ? { error: 'Not Found', code: 5, message: 'Not Found' }
        : '404 page not found',
  });
  return { ...server, deploy };
}
