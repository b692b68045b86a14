import { mockServices } from '@backstage/backend-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { catalogEntitiesByRefs } from './catalogEntitiesByRefs';

describe('catalogEntitiesByRefs', () => {
  let server: Server;
  let baseUrl: string;
  let requests: Array<{ url?: string; auth?: string; body: unknown }>;
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      requests.push({
        url: req.url,
        auth: req.headers.authorization,
        body: JSON.parse(raw),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/catalog`;
  });

  afterAll(async () => {
    await new Promise(r => server.close(r));
  });

  beforeEach(() => {
    requests = [];
  });

  const load = () =>
    catalogEntitiesByRefs({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth(),
    });

  it('asks the catalog for the refs with a service token, keeping the order and the gaps', async () => {
    const group = { kind: 'Group', metadata: { name: 'a' }, relations: [] };
    answer = { status: 200, body: { items: [group, null] } };
    await expect(
      load()(['group:default/a', 'group:default/missing']),
    ).resolves.toEqual([group, undefined]);
    expect(requests).toEqual([
      {
        url: '/api/catalog/entities/by-refs',
        auth: expect.stringMatching(/^Bearer .+/),
        body: {
          entityRefs: ['group:default/a', 'group:default/missing'],
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
        },
      },
    ]);
  });

  it('makes no request for no refs', async () => {
    await expect(load()([])).resolves.toEqual([]);
    expect(requests).toEqual([]);
  });

  it('throws when the catalog refuses', async () => {
    answer = {
      status: 500,
      body: { error: { name: 'Error', message: 'boom' } },
    };
    await expect(load()(['group:default/a'])).rejects.toThrow(/500/);
  });
});
