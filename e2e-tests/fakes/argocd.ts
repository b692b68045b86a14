import { randomUUID } from 'node:crypto';
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
 * - `GET /api/v1/applications/:name/resource-tree` → the managed resources' tree.
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

/** An `argoproj.io/v1alpha1` Application as argocd-server returns it. */
export function argoCdApplication(seed: ArgoCdApplicationSeed) {
  const name = `bookstore-${seed.service}-${seed.region}`;
  const namespace = `${seed.tenant}-${seed.region}`;
  const repoURL = `https://github.com/bookstore-platform/${seed.service}.git`;
  const source = { repoURL, path: 'chart', targetRevision: 'main' };
  const live = seed.revisions[seed.revisions.length - 1];
  const finishedAt = live.deployedAt;
  const startedAt = new Date(Date.parse(finishedAt) - 42_000).toISOString();
  const resources = [
    { group: '', version: 'v1', kind: 'Service', name: seed.service },
    { group: 'apps', version: 'v1', kind: 'Deployment', name: seed.service },
  ].map(r => ({
    ...r,
    namespace,
    status: seed.sync,
    health: {
      status: seed.health === 'Missing' ? 'Missing' : seed.health,
    },
  }));
  return {
    metadata: {
      name,
      namespace: ARGOCD_NAMESPACE,
      uid: randomUUID(),
      resourceVersion: '48213',
      generation: 57,
      creationTimestamp: '2025-09-02T08:11:40Z',
      labels: {
        'backstage.io/kubernetes-id': seed.service,
        'platform.bookstore.io/tenant': seed.tenant,
        'app.kubernetes.io/part-of': 'bookstore-platform',
      },
      annotations: {
        'notifications.argoproj.io/subscribe.on-sync-failed.slack': `team-${seed.tenant}`,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      source,
      destination: { name: seed.region, namespace },
      project: 'bookstore-platform',
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true'],
      },
    },
    status: {
      resources,
      sync: {
        status: seed.sync,
        comparedTo: { source, destination: { name: seed.region, namespace } },
        revision: live.sha,
      },
      health: { status: seed.health, lastTransitionTime: finishedAt },
      history: seed.revisions.map((revision, i) => ({
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
      summary: { images: [seed.image] },
      controllerNamespace: ARGOCD_NAMESPACE,
    },
  };
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

  return startJsonServer({
    handle,
    notFound: request =>
      request.path.startsWith('/api/')
        ? { error: 'Not Found', code: 5, message: 'Not Found' }
        : '404 page not found',
  });
}
