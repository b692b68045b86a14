import { request } from 'node:https';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import {
  KubernetesFaultProxy,
  startKubernetesFaultProxy,
} from './kubernetesFaultProxy';
import { RealKubernetesApi, startRealKubernetesApi } from './realKubernetesApi';
import { rejectionOf } from './rejectionOf';

// A real server: its start takes seconds.
jest.setTimeout(60_000);

describe('startKubernetesFaultProxy in front of a real API server', () => {
  let api: RealKubernetesApi;
  let proxy: KubernetesFaultProxy;
  let core: CoreV1Api;
  let config: KubeConfig;

  beforeAll(async () => {
    api = await startRealKubernetesApi();
    proxy = await startKubernetesFaultProxy(api);
    config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'proxied', server: proxy.url, caData: proxy.caData }],
      users: [{ name: 'admin', token: api.adminToken }],
      contexts: [{ name: 'proxied', cluster: 'proxied', user: 'admin' }],
      currentContext: 'proxied',
    });
    core = config.makeApiClient(CoreV1Api);
  });

  afterEach(() => proxy.fault(undefined));

  afterAll(async () => {
    await proxy?.close();
    await api?.stop();
  });

  it('passes requests through, with the caller’s credentials', async () => {
    const namespace = await core.readNamespace({ name: 'default' });
    expect(namespace.metadata?.uid).toEqual(expect.any(String));
    expect(proxy.requests).toContainEqual({
      method: 'GET',
      path: '/api/v1/namespaces/default',
      query: {},
    });

    const anonymous = await new Promise<number>((done, fail) => {
      request(`${proxy.url}/api/v1/namespaces`, { ca: proxy.ca }, res => {
        res.resume();
        done(res.statusCode ?? 0);
      })
        .on('error', fail)
        .end();
    });
    expect(anonymous).toBe(403);
  });

  it('streams a watch, and ends it when a fault starts', async () => {
    const { metadata } = await core.listNamespacedConfigMap({
      namespace: 'default',
    });
    const events: string[] = [];
    let ended!: () => void;
    const end = new Promise<void>(done => {
      ended = done;
    });
    const seen = new Promise<void>(done => {
      new Watch(config).watch(
        '/api/v1/namespaces/default/configmaps',
        { resourceVersion: metadata!.resourceVersion!, timeoutSeconds: 30 },
        (type, object) => {
          events.push(`${type} ${object.metadata.name}`);
          done();
        },
        () => ended(),
      );
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'through-the-proxy' } },
    });
    await seen;
    expect(events).toEqual(['ADDED through-the-proxy']);

    await proxy.fault({ type: 'status', status: 500 });
    await end;
  });

  it('answers an injected 403 or 500 as a Kubernetes Status, for the requests it is asked to', async () => {
    await proxy.fault({
      type: 'status',
      status: 403,
      message: 'namespaces is forbidden: injected',
      when: proxied => proxied.method === 'POST',
    });
    const forbidden = await rejectionOf(
      core.createNamespace({ body: { metadata: { name: 'never-made' } } }),
    );
    expect(forbidden).toBeInstanceOf(ApiException);
    expect((forbidden as ApiException<string>).code).toBe(403);
    expect(JSON.parse((forbidden as ApiException<string>).body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces is forbidden: injected',
      reason: 'Forbidden',
      code: 403,
    });
    await expect(core.readNamespace({ name: 'default' })).resolves.toEqual(
      expect.objectContaining({ kind: 'Namespace' }),
    );

    await proxy.fault({ type: 'status', status: 500 });
    const failed = await rejectionOf(core.readNamespace({ name: 'default' }));
    expect((failed as ApiException<string>).code).toBe(500);
    expect(JSON.parse((failed as ApiException<string>).body).reason).toBe(
      'InternalError',
    );
    const { status } = await api.request(
      'GET',
      '/api/v1/namespaces/never-made',
    );
    expect(status).toBe(404);
  });

  it('answers a body as it is, for the requests it is asked to', async () => {
    await proxy.fault({
      type: 'body',
      status: 200,
      contentType: 'text/html',
      body: '<html>Sign in</html>',
      when: r => r.path === '/api/v1/namespaces/default',
    });
    const answer = await new Promise<string>((done, fail) => {
      request(
        `${proxy.url}/api/v1/namespaces/default`,
        // No kept-alive socket for the next test to reuse after the proxy ends it.
        { ca: proxy.ca, agent: false },
        res => {
          let text = '';
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () =>
            done(`${res.statusCode} ${res.headers['content-type']} ${text}`),
          );
        },
      )
        .on('error', fail)
        .end();
    });
    expect(answer).toBe('200 text/html <html>Sign in</html>');
    await expect(core.readNamespace({ name: 'kube-system' })).resolves.toEqual(
      expect.objectContaining({ kind: 'Namespace' }),
    );
  });

  it('hangs: the request arrives and is never answered', async () => {
    await proxy.fault({ type: 'hang' });
    const before = proxy.requests.length;
    const outcome = await new Promise<string>(done => {
      const req = request(
        `${proxy.url}/api/v1/namespaces`,
        {
          ca: proxy.ca,
          headers: { authorization: `Bearer ${api.adminToken}` },
          timeout: 300,
        },
        res => done(`answered ${res.statusCode}`),
      );
      req.on('timeout', () => {
        req.destroy();
        done('timed out');
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(outcome).toBe('timed out');
    expect(proxy.requests.slice(before)).toEqual([
      { method: 'GET', path: '/api/v1/namespaces', query: {} },
    ]);
  });

  it('fails the TLS handshake with an untrusted certificate, and recovers', async () => {
    await proxy.fault({ type: 'tls' });
    const error = await rejectionOf(core.readNamespace({ name: 'default' }));
    expect(String(error)).toMatch(/self[- ]signed certificate/);

    await proxy.fault(undefined);
    await expect(core.readNamespace({ name: 'default' })).resolves.toEqual(
      expect.objectContaining({ kind: 'Namespace' }),
    );
  });

  it('answers every watch with ERROR 410 Expired, and passes lists through', async () => {
    await proxy.fault({ type: 'watch-expired' });
    const { metadata } = await core.listNamespacedConfigMap({
      namespace: 'default',
    });
    const events: { type: string; object: any }[] = [];
    await new Promise<void>((done, fail) => {
      new Watch(config)
        .watch(
          '/api/v1/namespaces/default/configmaps',
          { resourceVersion: metadata!.resourceVersion! },
          (type, object) => events.push({ type, object }),
          error => (error ? fail(error) : done()),
        )
        .catch(fail);
    });
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: `too old resource version: ${metadata!.resourceVersion}`,
        }),
      },
    ]);
  });

  it('refuses connections while the cluster is down, and serves again after', async () => {
    await proxy.fault({ type: 'refuse' });
    const error = await rejectionOf(core.readNamespace({ name: 'default' }));
    expect(String(error)).toContain('ECONNREFUSED');

    await proxy.fault(undefined);
    await expect(core.readNamespace({ name: 'default' })).resolves.toEqual(
      expect.objectContaining({ kind: 'Namespace' }),
    );
  });
});
