import { TenantLiveError } from '@internal/plugin-bookstore-tenant-common';
import { getKubernetesFailure } from '@internal/plugin-bookstore-tenant-node';

/** What the Tenant tab shows of an error: its message, and the Kubernetes status and reason when it has them. */
export function toLiveError(error: unknown): TenantLiveError {
  const message = error instanceof Error ? error.message : String(error);
  const failure = getKubernetesFailure(error);
  return {
    ...(failure?.statusCode ? { statusCode: failure.statusCode } : {}),
    ...(failure?.reason ? { reason: failure.reason } : {}),
    message,
  };
}
