import {
  AuthenticationError,
  ConflictError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createServer } from 'node:net';
import {
  createSelfSignedCertificate,
  FakeKubernetesApi,
  rejectionOf,
  startFakeKubernetesApi,
  testAuthStrategy,
} from '../testUtils';
import { getKubernetesFailure } from './errors';
import {
  KubernetesApiClient,
  KubernetesApiClientOptions,
  kubernetesApiPath,
} from './KubernetesApiClient';
import { KubernetesClusterConfig } from './readKubernetesClusters';

const TOKEN = 'service-account-token';

const claimRef = {
  group: 'platform.bookstore.io',
  version: 'v1alpha1',
  plural: 'bookstoretenants',
  namespace: 'bookstore-tenants',
  name: 'acme-books',
};
const claimPath =
  '/apis/platform.bookstore.io/v1alpha1/namespaces/bookstore-tenants/bookstoretenants/acme-books';

function claim(tier = 'standard') {
  return {
    apiVersion: 'platform.bookstore.io/v1alpha1',
    kind: 'BookstoreTenant',
    metadata: {
      name: 'acme-books',
      namespace: 'bookstore-tenants',
      labels: { 'platform.bookstore.io/team': 'team-payments' },
    },
    spec: {
      parameters: { owner: 'team-payments', tier, regions: ['us-east'] },
    },
  };
}

function clusterAt(
  url: string,
  overrides: Partial<KubernetesClusterConfig> = {},
): KubernetesClusterConfig {
  return {
    name: 'us-east-1',
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: TOKEN,
    // The library refuses plain HTTP unless verification is off.
    skipTLSVerify: url.startsWith('http:'),
    configKey: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
    ...overrides,
  };
}

/** The Kubernetes plugin's strategies, as the portal makes them. */
const authStrategy = testAuthStrategy();

function clientOf(
  cluster: KubernetesClusterConfig,
  options: Partial<KubernetesApiClientOptions> = {},
) {
  return new KubernetesApiClient({ cluster, authStrategy, ...options });
}

describe('kubernetesApiPath', () => {
  it('builds paths for grouped, core, namespaced and cluster-scoped resources', () => {
    expect(kubernetesApiPath(claimRef)).toBe(claimPath);
    expect(
      kubernetesApiPath({
        group: '',
        version: 'v1',
        plural: 'namespaces',
        name: 'a',
      }),
    ).toBe('/api/v1/namespaces/a');
    expect(
      kubernetesApiPath({
        group: '',
        version: 'v1',
        plural: 'configmaps',
        namespace: 'ns',
      }),
    ).toBe('/api/v1/namespaces/ns/configmaps');
  });
});

describe('KubernetesApiClient', () => {
  let api: FakeKubernetesApi;
  let client: KubernetesApiClient;

  beforeAll(async () => {
    api = await startFakeKubernetesApi({ token: TOKEN });
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => {
    api.reset();
    client = clientOf(clusterAt(api.url), { timeoutMs: 500 });
  });
  afterEach(async () => {
    await client.close();
  });

  it('reads an object, and undefined when the API answers 404', async () => {
    expect(await client.getObject(claimRef)).toBeUndefined();
    api.seed(claimPath, claim(), 'kubectl');
    expect(await client.getObject(claimRef)).toMatchObject(claim());
    expect(api.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: claimPath,
        authorization: `Bearer ${TOKEN}`,
      }),
      expect.objectContaining({ method: 'GET', path: claimPath }),
    ]);
  });

  it('creates with a server-side apply in the Kubernetes wire format', async () => {
    const result = await client.applyObject(claimRef, claim(), {
      fieldManager: 'bookstore-portal',
    });
    expect(result.created).toBe(true);
    expect(result.object.metadata).toMatchObject({
      name: 'acme-books',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
    });
    expect(api.requests).toEqual([
      {
        method: 'PATCH',
        path: claimPath,
        query: { fieldManager: 'bookstore-portal', force: 'false' },
        contentType: 'application/apply-patch+yaml',
        authorization: `Bearer ${TOKEN}`,
        body: claim(),
      },
    ]);
  });

  it('changes nothing when the same object is applied again', async () => {
    const first = await client.applyObject(claimRef, claim(), {
      fieldManager: 'bookstore-portal',
    });
    const second = await client.applyObject(claimRef, claim(), {
      fieldManager: 'bookstore-portal',
    });
    expect(second.created).toBe(false);
    expect(second.object.metadata?.resourceVersion).toBe(
      first.object.metadata?.resourceVersion,
    );
    const third = await client.applyObject(claimRef, claim('premium'), {
      fieldManager: 'bookstore-portal',
    });
    expect(third.object.metadata?.resourceVersion).not.toBe(
      first.object.metadata?.resourceVersion,
    );
  });

  it('asks for dryRun=All without persisting', async () => {
    await client.applyObject(claimRef, claim(), {
      fieldManager: 'bookstore-portal',
      dryRun: true,
    });
    expect(api.requests[0].query).toEqual({
      fieldManager: 'bookstore-portal',
      force: 'false',
      dryRun: 'All',
    });
    expect(api.object(claimPath)).toBeUndefined();
  });

  it('fails with 409 when another field manager owns a field, unless forced', async () => {
    api.seed(claimPath, claim('starter'), 'kubectl');
    const error = await rejectionOf(
      client.applyObject(claimRef, claim('premium'), {
        fieldManager: 'bookstore-portal',
      }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'Kubernetes cluster us-east-1: 409 Conflict: Apply failed with 1 conflict: conflict with "kubectl": .spec.parameters.tier',
    );
    expect(getKubernetesFailure(error)).toMatchObject({
      cluster: 'us-east-1',
      statusCode: 409,
      reason: 'Conflict',
    });

    const forced = await client.applyObject(claimRef, claim('premium'), {
      fieldManager: 'bookstore-portal',
      force: true,
    });
    expect(forced.object).toMatchObject({
      spec: { parameters: { tier: 'premium' } },
    });
  });

  it('carries the cluster, status and Kubernetes message of a 403', async () => {
    api.fail({
      status: 403,
      method: 'PATCH',
      message:
        'bookstoretenants.platform.bookstore.io "acme-books" is forbidden: User "system:serviceaccount:backstage:portal" cannot patch resource',
    });
    const error = await rejectionOf(
      client.applyObject(claimRef, claim(), {
        fieldManager: 'bookstore-portal',
      }),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'Kubernetes cluster us-east-1: 403 Forbidden: bookstoretenants.platform.bookstore.io "acme-books" is forbidden: User "system:serviceaccount:backstage:portal" cannot patch resource',
    );
    expect(getKubernetesFailure(error)).toEqual({
      cluster: 'us-east-1',
      statusCode: 403,
      reason: 'Forbidden',
      detail:
        'bookstoretenants.platform.bookstore.io "acme-books" is forbidden: User "system:serviceaccount:backstage:portal" cannot patch resource',
      summary: expect.stringMatching(/^403 Forbidden: /),
    });
  });

  it('reports a 500 as the service being unavailable', async () => {
    api.fail({ status: 500, message: 'etcdserver: request timed out' });
    const error = await rejectionOf(client.getObject(claimRef));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'Kubernetes cluster us-east-1: 500 Internal Server Error: etcdserver: request timed out',
    );
  });

  it('reports a wrong token as an authentication error', async () => {
    const stranger = clientOf(
      clusterAt(api.url, { serviceAccountToken: 'wrong' }),
    );
    const error = await rejectionOf(stranger.getObject(claimRef));
    await stranger.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      'Kubernetes cluster us-east-1: 401 Unauthorized: Unauthorized',
    );
  });

  it('gives up after its timeout when the cluster does not answer', async () => {
    api.hang();
    const error = await rejectionOf(client.getObject(claimRef));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'Kubernetes cluster us-east-1: timed out after 500 ms',
    );
    expect(getKubernetesFailure(error)?.reason).toBe('Timeout');
  });

  it("passes the caller's abort through as is", async () => {
    api.hang();
    const controller = new AbortController();
    const pending = rejectionOf(
      client.getObject(claimRef, { signal: controller.signal }),
    );
    controller.abort(new Error('task cancelled'));
    const error = await pending;
    expect(getKubernetesFailure(error)).toBeUndefined();
  });

  it('names a cluster that refuses connections', async () => {
    const port = await new Promise<number>(resolve => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const offline = clientOf(
      clusterAt(`http://127.0.0.1:${port}`, { name: 'eu-west-1' }),
    );
    const error = await rejectionOf(offline.getObject(claimRef));
    await offline.close();
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^Kubernetes cluster eu-west-1: could not connect: .*ECONNREFUSED/,
    );
    expect(getKubernetesFailure(error)?.reason).toBe('ConnectionError');
  });

  describe('lists and watches', () => {
    const collection = {
      group: 'platform.bookstore.io',
      version: 'v1alpha1',
      plural: 'bookstoretenants',
    };
    const pathOf = (namespace: string, name: string) =>
      `/apis/platform.bookstore.io/v1alpha1/namespaces/${namespace}/bookstoretenants/${name}`;
    const named = (
      namespace: string,
      name: string,
      team = 'team-payments',
    ) => ({
      ...claim(),
      metadata: {
        name,
        namespace,
        labels: { 'platform.bookstore.io/team': team },
      },
    });

    function startWatch(resourceVersion: string, timeoutSeconds = 30) {
      const events: Array<{ type: string; name?: string; rv?: string }> = [];
      const controller = new AbortController();
      const done = client.watchObjects(
        collection,
        { resourceVersion, timeoutSeconds, signal: controller.signal },
        event =>
          events.push({
            type: event.type,
            name: (event.object as { metadata?: { name?: string } }).metadata
              ?.name,
            rv:
              event.type === 'ERROR'
                ? String(event.object.code)
                : (event.object as { metadata?: { resourceVersion?: string } })
                    .metadata?.resourceVersion,
          }),
      );
      return { events, controller, done };
    }

    async function until(condition: () => boolean) {
      for (let i = 0; i < 200 && !condition(); i++) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      expect(condition()).toBe(true);
    }

    it('pages through every namespace with limit and continue', async () => {
      for (let i = 0; i < 5; i++) {
        api.put(
          pathOf(i % 2 ? 'ns-a' : 'ns-b', `tenant-${i}`),
          named(i % 2 ? 'ns-a' : 'ns-b', `tenant-${i}`),
        );
      }
      const first = await client.listObjects(collection, { limit: 2 });
      expect(first.items.map(i => i.metadata?.name)).toEqual([
        'tenant-1',
        'tenant-3',
      ]);
      expect(first.metadata.continue).toEqual(expect.any(String));
      const second = await client.listObjects(collection, {
        limit: 2,
        continue: first.metadata.continue,
      });
      const third = await client.listObjects(collection, {
        limit: 2,
        continue: second.metadata.continue,
      });
      expect(
        [...second.items, ...third.items].map(i => i.metadata?.name),
      ).toEqual(['tenant-0', 'tenant-2', 'tenant-4']);
      expect(third.metadata.continue).toBeUndefined();
      expect(third.metadata.resourceVersion).toBe(
        String(api.resourceVersion()),
      );
      expect(api.requests[1].query).toEqual({
        limit: '2',
        continue: first.metadata.continue,
      });
    });

    it('lists one namespace with label and field selectors', async () => {
      api.put(pathOf('ns-a', 'one'), named('ns-a', 'one'));
      api.put(pathOf('ns-a', 'two'), named('ns-a', 'two', 'team-search'));
      api.put(pathOf('ns-b', 'three'), named('ns-b', 'three'));
      const list = await client.listObjects(
        { ...collection, namespace: 'ns-a' },
        { labelSelector: 'platform.bookstore.io/team=team-payments' },
      );
      expect(list.items.map(i => i.metadata?.name)).toEqual(['one']);
      const byName = await client.listObjects(collection, {
        fieldSelector: 'metadata.name=three',
      });
      expect(byName.items.map(i => i.metadata?.namespace)).toEqual(['ns-b']);
    });

    it('fails with 410 when a continue token has expired', async () => {
      api.put(pathOf('ns-a', 'one'), named('ns-a', 'one'));
      api.put(pathOf('ns-a', 'two'), named('ns-a', 'two'));
      const first = await client.listObjects(collection, { limit: 1 });
      api.compact();
      const error = await rejectionOf(
        client.listObjects(collection, {
          limit: 1,
          continue: first.metadata.continue,
        }),
      );
      expect(getKubernetesFailure(error)).toMatchObject({
        cluster: 'us-east-1',
        statusCode: 410,
        reason: 'Expired',
      });
    });

    it('streams added, modified, deleted and bookmark events in order', async () => {
      api.put(pathOf('ns-a', 'one'), named('ns-a', 'one'));
      const list = await client.listObjects(collection);
      const watch = startWatch(list.metadata.resourceVersion!);
      await until(() => api.openWatches() === 1);
      api.put(pathOf('ns-a', 'two'), named('ns-a', 'two'));
      api.put(pathOf('ns-a', 'one'), named('ns-a', 'one', 'team-search'));
      api.remove(pathOf('ns-a', 'two'));
      api.bookmark();
      await until(() => watch.events.length === 4);
      expect(watch.events).toEqual([
        {
          type: 'ADDED',
          name: 'two',
          rv: String(Number(list.metadata.resourceVersion) + 1),
        },
        {
          type: 'MODIFIED',
          name: 'one',
          rv: String(Number(list.metadata.resourceVersion) + 2),
        },
        {
          type: 'DELETED',
          name: 'two',
          rv: String(Number(list.metadata.resourceVersion) + 3),
        },
        {
          type: 'BOOKMARK',
          name: undefined,
          rv: String(api.resourceVersion()),
        },
      ]);
      expect(api.requests[1].query).toMatchObject({
        watch: 'true',
        allowWatchBookmarks: 'true',
        resourceVersion: list.metadata.resourceVersion,
        timeoutSeconds: '30',
      });
      watch.controller.abort();
      await expect(watch.done).resolves.toBeUndefined();
    });

    it('resolves when the server ends the watch', async () => {
      const watch = startWatch(String(api.resourceVersion()));
      await until(() => api.openWatches() === 1);
      api.endWatches();
      await expect(watch.done).resolves.toBeUndefined();
    });

    it('passes on the 410 Gone ERROR event of a too old resourceVersion', async () => {
      api.put(pathOf('ns-a', 'one'), named('ns-a', 'one'));
      const old = String(api.resourceVersion());
      api.put(pathOf('ns-a', 'one'), named('ns-a', 'one', 'team-search'));
      api.compact();
      const watch = startWatch(old);
      await watch.done;
      expect(watch.events).toEqual([
        { type: 'ERROR', name: undefined, rv: '410' },
      ]);
    });

    it('fails a refused watch like any other call', async () => {
      api.fail({ status: 403, message: 'bookstoretenants is forbidden' });
      const error = await rejectionOf(startWatch('1').done);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        // The library's Watch keeps the status of a refused watch, not its body.
        'Kubernetes cluster us-east-1: 403 Forbidden: GET /apis/platform.bookstore.io/v1alpha1/bookstoretenants?watch=true',
      );
    });

    it('times out a watch whose answer never comes', async () => {
      api.hang();
      const error = await rejectionOf(startWatch('1').done);
      expect(getKubernetesFailure(error)?.reason).toBe('Timeout');
    });
  });

  it('fails on a 2xx answer that is not JSON, instead of reading it as missing', async () => {
    api.fail({
      status: 200,
      method: 'GET',
      raw: { contentType: 'text/html', body: '<html>Sign in</html>' },
    });
    const error = await rejectionOf(client.getObject(claimRef));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      `Kubernetes cluster us-east-1: GET ${claimPath} answered 200 without an object in JSON (text/html: <html>Sign in</html>)`,
    );
    expect(getKubernetesFailure(error)?.reason).toBe('InvalidResponse');
  });
});

describe('KubernetesApiClient auth providers', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await startFakeKubernetesApi();
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => api.reset());

  async function read(overrides: Partial<KubernetesClusterConfig>) {
    const client = clientOf(clusterAt(api.url, overrides), { timeoutMs: 2000 });
    try {
      return await client.getObject(claimRef);
    } finally {
      await client.close();
    }
  }

  it('signs an aws token with the AWS strategy of the Kubernetes plugin', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'eu-west-1',
    });
    try {
      await read({ authProvider: 'aws', serviceAccountToken: undefined });
    } finally {
      process.env = saved;
    }
    const authorization = api.requests[0].authorization ?? '';
    expect(authorization).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const presigned = Buffer.from(
      authorization.slice('Bearer k8s-aws-v1.'.length),
      'base64url',
    ).toString();
    expect(presigned).toMatch(
      /^https:\/\/sts\.eu-west-1\.amazonaws\.com\/\?Action=GetCallerIdentity/,
    );
    expect(presigned).toContain('x-k8s-aws-id');
  });

  it('sends no credentials for localKubectlProxy', async () => {
    await read({
      authProvider: 'localKubectlProxy',
      serviceAccountToken: undefined,
    });
    expect(api.requests[0].authorization).toBeUndefined();
  });

  it.each(['oidc', 'google'])(
    'fails a %s cluster per request with a clear error, never at construction',
    async authProvider => {
      const error = await rejectionOf(
        read({ authProvider, oidcTokenProvider: 'keycloak' }),
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toMatch(
        new RegExp(
          `^Kubernetes cluster us-east-1: authProvider '${authProvider}' \\(kubernetes\\.clusterLocatorMethods\\[0\\]\\.clusters\\[0\\]\\.authProvider\\) needs a signed-in user's token, and the portal reads this cluster without one`,
        ),
      );
      expect(getKubernetesFailure(error)?.reason).toBe('Credentials');
      expect(api.requests).toHaveLength(0);
    },
  );

  it('names an auth provider the Kubernetes plugin does not know', async () => {
    const error = await rejectionOf(read({ authProvider: 'kerberos' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      `Kubernetes cluster us-east-1: no credentials from authProvider 'kerberos' (kubernetes.clusterLocatorMethods[0].clusters[0]): authProvider "kerberos" has no AuthenticationStrategy associated with it`,
    );
  });
});

describe('KubernetesApiClient over TLS', () => {
  let api: FakeKubernetesApi;
  let cert: string;

  beforeAll(async () => {
    const tls = await createSelfSignedCertificate();
    cert = tls.cert;
    api = await startFakeKubernetesApi({ tls });
  });
  afterAll(async () => {
    await api.close();
  });

  async function read(overrides: Partial<KubernetesClusterConfig>) {
    const client = clientOf(clusterAt(api.url, overrides));
    try {
      return await client.getObject(claimRef);
    } finally {
      await client.close();
    }
  }

  it('refuses a certificate it has no CA for, naming the cluster', async () => {
    const error = await rejectionOf(read({}));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/^Kubernetes cluster us-east-1: TLS error: /);
    expect(getKubernetesFailure(error)?.reason).toBe('TLSError');
  });

  it('trusts the CA given as caData', async () => {
    await expect(
      read({ caData: Buffer.from(cert).toString('base64') }),
    ).resolves.toBeUndefined();
  });

  it('skips verification when told to', async () => {
    await expect(read({ skipTLSVerify: true })).resolves.toBeUndefined();
  });
});
