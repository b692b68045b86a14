import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';

/**
 * A stand-in for the `bookstore:tenant` action (the real one, in
 * plugins/scaffolder-backend-module-bookstore-tenant, needs clusters to apply to): a
 * `bookstore` plugin registering the action `tenant` in the actions registry, which the
 * scaffolder offers to templates as `bookstore:tenant`. It records what it was asked to do.
 */
export function createFakeTenantActionPlugin() {
  const applied: Array<{ owner: string; mode?: string }> = [];
  const plugin = createBackendPlugin({
    pluginId: 'bookstore',
    register(reg) {
      reg.registerInit({
        deps: { actionsRegistry: actionsRegistryServiceRef },
        async init({ actionsRegistry }) {
          actionsRegistry.register({
            name: 'tenant',
            title: 'BookstoreTenant (test double)',
            description: 'Records the claim it would apply.',
            schema: {
              input: z =>
                z.object({ owner: z.string(), mode: z.string().optional() }),
              output: z => z.object({}),
            },
            action: async ({ input }) => {
              applied.push(input);
              return { output: {} };
            },
          });
        },
      });
    },
  });
  return { plugin, applied };
}
