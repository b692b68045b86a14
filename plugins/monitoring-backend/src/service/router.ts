import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { alertSelectorOf } from '@internal/plugin-monitoring-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { MonitoringReader } from './MonitoringReader';

/**
 * `GET /alerts/:kind/:namespace/:name` and `GET /graphs/:kind/:namespace/:name`:
 * the entity's alerts and rules, and its graphs, from every Prometheus
 * instance. The entity is read with the caller's credentials, so the catalog's
 * permission policy decides who may see its monitoring; a missing entity is a
 * 404. Only reads: nothing here changes Prometheus.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  reader: MonitoringReader;
}): express.Router {
  const { httpAuth, catalog, reader } = options;
  const router = Router();

  async function entityOf(req: Request): Promise<Entity> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    if (reader.instanceNames.length === 0) {
      throw new ServiceUnavailableError(
        'Prometheus is not configured (monitoring.prometheus.instances)',
      );
    }
    return entity;
  }

  router.get('/alerts/:kind/:namespace/:name', async (req, res) => {
    const entity = await entityOf(req);
    const selector = alertSelectorOf(entity);
    if (!selector) {
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} has no prometheus.io/rule or prometheus.io/alert annotation`,
      );
    }
    res.json(await reader.alerts(entity, selector));
  });

  router.get('/graphs/:kind/:namespace/:name', async (req, res) => {
    res.json(await reader.graphs(await entityOf(req)));
  });

  return router;
}
