import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the portal's adoption figures (`GET /api/adoption/summary`): who is
 * active, template runs, golden-path services, catalog coverage. The portal's
 * policy grants it to admins only.
 *
 * @public
 */
export const adoptionSummaryReadPermission = createPermission({
  name: 'adoption.summary.read',
  attributes: { action: 'read' },
});
