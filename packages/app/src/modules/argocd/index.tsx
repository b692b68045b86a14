import { compatWrapper, convertLegacyPlugin } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  argocdPlugin,
} from '@roadiehq/backstage-plugin-argo-cd';

/**
 * Roadie's Argo CD plugin ships an /alpha export built against an older
 * frontend-plugin-api than this app's, so its legacy plugin (for the API
 * client) and cards are used here through core-compat-api instead.
 */
const argoCdEntityContent = EntityContentBlueprint.make({
  name: 'ci-cd',
  params: {
    path: '/ci-cd',
    title: 'CI/CD',
    filter: {
      $any: [
        {
          [`metadata.annotations.${ARGOCD_ANNOTATION_APP_NAME}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${ARGOCD_ANNOTATION_APP_SELECTOR}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./ArgoCdContent').then(m => compatWrapper(<m.ArgoCdContent />)),
  },
});

export const argoCdPlugin = convertLegacyPlugin(argocdPlugin, {
  extensions: [argoCdEntityContent],
});
