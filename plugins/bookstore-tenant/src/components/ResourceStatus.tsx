import { StatusError, StatusOK } from '@backstage/core-components';
import { TenantLiveResource } from '@internal/plugin-bookstore-tenant-common';
import { ConditionStatus } from './ConditionStatus';

/**
 * Whether a live object is ready: its `Ready` condition, "Present" for an object
 * without one (a Namespace), or the reason it could not be read.
 */
export function ResourceStatus(props: { resource: TenantLiveResource }) {
  const { resource } = props;
  if (resource.error) {
    return (
      <StatusError>{resource.error.reason ?? 'Could not read'}</StatusError>
    );
  }
  if (resource.ready === undefined) {
    return <StatusOK>Present</StatusOK>;
  }
  return <ConditionStatus status={resource.ready} />;
}
