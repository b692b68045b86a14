import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AdoptionSummary,
  adoptionSummaryReadPermission,
} from '@internal/plugin-adoption-common';
import express from 'express';
import Router from 'express-promise-router';
import { AdoptionStore } from '../database/AdoptionStore';
import { parseEventBatch } from './parseEventBatch';

/** Weeks shown when `weeks` is not given, and the most one may ask for. */
export const DEFAULT_WEEKS = 12;
export const MAX_WEEKS = 52;

function parseWeeks(value: unknown): number {
  if (value === undefined) {
    return DEFAULT_WEEKS;
  }
  const weeks = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) {
    throw new InputError(
      `weeks: expected a whole number from 1 to ${MAX_WEEKS}, got '${String(
        value,
      )}'`,
    );
  }
  return weeks;
}

/**
 * `POST /events`: a batch of the signed-in user's analytics events, stored
 * under the user of the request's credentials. `GET /summary?weeks=N`: the
 * adoption figures, for callers granted `adoption.summary.read` (admins).
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: AdoptionStore;
  summary: (weeks: number) => Promise<AdoptionSummary>;
}): express.Router {
  const { httpAuth, permissions, store, summary } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.post('/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const events = parseEventBatch(req.body, new Date());
    await store.addEvents(credentials.principal.userEntityRef, events);
    res.status(202).json({ accepted: events.length });
  });

  router.get('/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: adoptionSummaryReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The adoption figures are for portal admins only (${adoptionSummaryReadPermission.name})`,
      );
    }
    res.json(await summary(parseWeeks(req.query.weeks)));
  });

  return router;
}
