import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Changing a third party's state or the portal's mappings to it through an integration's
 * backend (PagerDuty settings and mappings, Argo CD applications, syncs): every request
 * to such a backend that is not a read. The portal's policy grants it to admins only;
 * backend services are allowed by the permissions service.
 *
 * @public
 */
export const bookstoreIntegrationWritePermission = createPermission({
  name: 'bookstore.integration.write',
  attributes: { action: 'update' },
});

/**
 * Triggering or cancelling a plugin's scheduled task
 * (`POST /api/<plugin>/.backstage/scheduler/v1/tasks/:id/trigger|cancel`). Admins only in
 * the portal's policy; backend services are allowed by the permissions service.
 *
 * @public
 */
export const bookstoreSchedulerTriggerPermission = createPermission({
  name: 'bookstore.scheduler.trigger',
  attributes: { action: 'update' },
});
