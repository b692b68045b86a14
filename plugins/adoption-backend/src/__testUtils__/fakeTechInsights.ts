import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { fakeBackendPlugin } from './fakeBackendPlugin';

/**
 * A `tech-insights` plugin answering `GET /facts/latest?entity=&ids[]=` as
 * the tech insights backend does: for each asked retriever with facts of the
 * entity, `{ id, entity, timestamp, version, facts }`, keyed by retriever id
 * (`{}` when it has none); 422 without `ids`. `facts` (entity ref → retriever
 * id → facts) may change between requests. Records the entities asked about
 * and the subjects that asked (backend service callers only).
 */
export function fakeTechInsights(
  facts: Map<string, Record<string, Record<string, unknown>>>,
) {
  const asked: string[] = [];
  const { plugin, callers } = fakeBackendPlugin(
    'tech-insights',
    (router, serviceCaller) => {
      router.get('/facts/latest', async (req, res) => {
        await serviceCaller(req);
        const { namespace, kind, name } = parseEntityRef(
          String(req.query.entity),
        );
        const entityRef = stringifyEntityRef({ namespace, kind, name });
        if (!req.query.ids) {
          res.status(422).json({ error: 'Failed to parse ids from request' });
          return;
        }
        asked.push(entityRef);
        const ids = [req.query.ids].flat().map(String);
        const ofEntity = facts.get(entityRef) ?? {};
        res.json(
          Object.fromEntries(
            ids
              .filter(id => ofEntity[id])
              .map(id => [
                id,
                {
                  id,
                  entity: { namespace, kind, name },
                  timestamp: new Date().toISOString(),
                  version: '0.1.0',
                  facts: ofEntity[id],
                },
              ]),
          ),
        );
      });
    },
  );
  return { plugin, asked, callers };
}
