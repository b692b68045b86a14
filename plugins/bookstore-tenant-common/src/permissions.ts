import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Making a service or a tenant owned by any team, not only one of one's own. Asked by the
 * golden path's server-side checks; the portal's policy grants it to admins only, so everyone
 * else may only name one of their teams as `owner`.
 */
export const bookstoreAnyTeamOwnerPermission = createPermission({
  name: 'bookstore.owner.any-team',
  attributes: {},
});
