import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { permissionsGranting } from '../__testUtils__/permissionsDouble';
import {
  argoCdModuleWriteGate,
  createIntegrationWriteGateModule,
} from './integrationWriteGate';

/** A stand-in for an integration backend: one read and one write per method, counted. */
function integrationPlugin(pluginId: string, reached: string[]) {
  return createBackendPlugin({
    pluginId,
    register(reg) {
      reg.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.use((req, res, next) => {
            if (req.path !== '/thing') {
              next();
              return;
            }
            reached.push(req.method);
            res.status(200).json({ method: req.method });
          });
        },
      });
    },
  });
}

describe('createIntegrationWriteGateModule', () => {
  const bob = mockCredentials.user.header('user:default/bob');
  const carol = mockCredentials.user.header('user:default/carol');

  async function start() {
    const reached: string[] = [];
    const permissions = permissionsGranting(['user:default/carol']);
    // The plugin is listed first: the gate still comes first, as a plugin's modules are
    // initialised before the plugin.
    const backend = await startTestBackend({
      features: [
        integrationPlugin('argocd', reached),
        argoCdModuleWriteGate,
        permissions.factory,
      ],
    });
    return { backend, reached, asked: permissions.asked };
  }

  it('lets every signed-in user read, without asking for a permission', async () => {
    const { backend, reached, asked } = await start();
    for (const method of ['get', 'head', 'options'] as const) {
      const response = await request(backend.server)
        [method]('/api/argocd/thing')
        .set('Authorization', bob);
      expect(response.status).toBe(200);
    }
    expect(reached).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(asked).toEqual([]);
    await backend.stop();
  });

  it('refuses every other method to a user without bookstore.integration.write, before the plugin sees it', async () => {
    const { backend, reached, asked } = await start();
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const response = await request(backend.server)
        [method]('/api/argocd/thing')
        .set('Authorization', bob)
        .send({ appSelector: 'app=payments-gateway' });
      expect(response.status).toBe(403);
      expect(response.body.error).toEqual({
        name: 'NotAllowedError',
        message: `${method.toUpperCase()} /api/argocd/thing needs the permission bookstore.integration.write`,
      });
    }
    expect(reached).toEqual([]);
    expect(asked).toEqual(
      Array(4).fill({
        permission: 'bookstore.integration.write',
        principal: 'user:default/bob',
      }),
    );
    await backend.stop();
  });

  it('lets a user holding the permission and backend services change things', async () => {
    const { backend, reached } = await start();
    const asCarol = await request(backend.server)
      .post('/api/argocd/thing')
      .set('Authorization', carol);
    expect(asCarol.status).toBe(200);
    const asService = await request(backend.server)
      .delete('/api/argocd/thing')
      .set('Authorization', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    expect(reached).toEqual(['POST', 'DELETE']);
    await backend.stop();
  });

  it('gates only the plugin it is made for', async () => {
    const reached: string[] = [];
    const backend = await startTestBackend({
      features: [
        integrationPlugin('pagerduty', reached),
        integrationPlugin('catalog', reached),
        createIntegrationWriteGateModule('pagerduty'),
        permissionsGranting([]).factory,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const gated = await request(backend.server)
      .post('/api/pagerduty/thing')
      .set('Authorization', bob);
    const other = await request(backend.server)
      .post('/api/catalog/thing')
      .set('Authorization', bob);
    expect([gated.status, other.status]).toEqual([403, 200]);
    expect(reached).toEqual(['POST']);
    await backend.stop();
  });
});
