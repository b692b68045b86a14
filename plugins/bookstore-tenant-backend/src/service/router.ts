import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { TENANT_ENTITY_TYPE } from '@internal/plugin-bookstore-tenant-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { tenantDetailsOf } from '../lib/tenantDetails';
import { TenantLiveStateReader } from './TenantLiveStateReader';

/**
 * `GET /tenants/:namespace/:name`: the live state of the tenant entity
 * `resource:<namespace>/<name>` in each of its clusters. The entity is read with
 * the caller's credentials, so the catalog's permission policy decides who may
 * see it; a missing entity, or one that is not a tenant, is a 404.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  reader: Pick<TenantLiveStateReader, 'read'>;
}): express.Router {
  const { httpAuth, catalog, reader } = options;
  const router = Router();

  router.get('/tenants/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef({
      kind: 'resource',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const details = tenantDetailsOf(entity);
    if (!details) {
      throw new NotFoundError(
        `${entityRef} is not a tenant (spec.type ${TENANT_ENTITY_TYPE})`,
      );
    }
    res.json(await reader.read(entityRef, details));
  });

  return router;
}
