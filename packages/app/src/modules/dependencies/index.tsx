import { compatWrapper } from '@backstage/core-compat-api';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

const dependenciesEntityContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: '/dependencies',
    title: 'Dependencies',
    filter: { kind: { $in: ['component', 'resource', 'system'] } },
    loader: () =>
      import('./DependenciesContent').then(m =>
        compatWrapper(<m.DependenciesContent />),
      ),
  },
});

export const dependenciesModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [dependenciesEntityContent],
});
