import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { TenantCondition } from '@internal/plugin-bookstore-tenant-common';

/** A condition's status with its colour: True green, False red, Unknown (or absent) pending. */
export function ConditionStatus(props: {
  status: TenantCondition['status'] | undefined;
}) {
  switch (props.status) {
    case 'True':
      return <StatusOK>True</StatusOK>;
    case 'False':
      return <StatusError>False</StatusError>;
    default:
      return <StatusPending>Unknown</StatusPending>;
  }
}
