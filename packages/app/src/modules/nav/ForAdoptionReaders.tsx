import { usePermission } from '@backstage/plugin-permission-react';
import { adoptionSummaryReadPermission } from '@internal/plugin-adoption-common';
import { ReactNode } from 'react';

/**
 * Its children (the Adoption page's nav item) for those who may read the
 * adoption figures, the admins; nothing for anyone else.
 */
export function ForAdoptionReaders(props: { children: ReactNode }) {
  const { allowed } = usePermission({
    permission: adoptionSummaryReadPermission,
  });
  return allowed ? <>{props.children}</> : null;
}
