import { createApiRef } from '@backstage/frontend-plugin-api';
import { AdoptionSummary } from '@internal/plugin-adoption-common';

/**
 * Reads the adoption backend's figures.
 *
 * @public
 */
export interface AdoptionApi {
  /** `GET /api/adoption/summary?weeks=N`; a `ResponseError` (403) for non-admins. */
  getSummary(weeks: number): Promise<AdoptionSummary>;
}

/** @public */
export const adoptionApiRef = createApiRef<AdoptionApi>({
  id: 'plugin.adoption.api',
});
