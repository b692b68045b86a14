import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';

/**
 * Stand-ins for the `bookstore:tenant` and `bookstore:tenant:apply` actions (the real ones,
 * in plugins/scaffolder-backend-module-bookstore-tenant, need the catalog's tenants and
 * clusters): a `bookstore` plugin registering the actions `tenant` and `tenant:apply` in the
 * actions registry, which the scaffolder offers to templates as `bookstore:tenant` and
 * `bookstore:tenant:apply`. They record what they were asked to do.
 */
export function createFakeTenantActionPlugin() {
  const ran: Array<{ action: string; owner: string }> = [];
  const plugin = createBackendPlugin({
    pluginId: 'bookstore',
    register(reg) {
      reg.registerInit({
        deps: { actionsRegistry: actionsRegistryServiceRef },
        async init({ actionsRegistry }) {
          for (const name of ['tenant', 'tenant:apply']) {
            actionsRegistry.register({
              name,
              title: `bookstore:${name} (test double)`,
              description: 'Records the claim it was given.',
              schema: {
                input: z => z.object({ owner: z.string() }),
                output: z => z.object({}),
              },
              action: async ({ input }) => {
                ran.push({ action: `bookstore:${name}`, owner: input.owner });
                return { output: {} };
              },
            });
          }
        },
      });
    },
  });
  return { plugin, ran };
}
