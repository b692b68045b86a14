import { NotFoundError } from '@backstage/errors';
import { fakeBackendPlugin } from './fakeBackendPlugin';

/**
 * A `techdocs` plugin answering `GET /metadata/techdocs/:namespace/:kind/:name`
 * as the TechDocs backend does: the published site's techdocs_metadata.json
 * (`build_timestamp` in ms since the epoch), or 404 `NotFoundError` for a
 * site never published. `builtAt` (entity ref → build time) may change
 * between requests. Backend service callers only; records the subjects that asked.
 */
export function fakeTechDocs(builtAt: Map<string, number>) {
  return fakeBackendPlugin('techdocs', (router, serviceCaller) => {
    router.get(
      '/metadata/techdocs/:namespace/:kind/:name',
      async (req, res) => {
        await serviceCaller(req);
        const { namespace, kind, name } = req.params;
        const ref = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
        const timestamp = builtAt.get(ref);
        if (timestamp === undefined) {
          throw new NotFoundError(`Unable to get metadata for '${ref}'`);
        }
        res.json({
          site_name: name,
          site_description: 'None',
          etag: `etag-${timestamp}`,
          build_timestamp: timestamp,
          files: ['index.html', 'techdocs_metadata.json'],
        });
      },
    );
  });
}
