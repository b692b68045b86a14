import { Entity } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * The Components owned by the signed-in person or any of their teams (the identity's ownership
 * refs: their user, their groups and the groups' parents), by name.
 */
export function useMyServices() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<Entity[]> => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.ownedBy': ownershipEntityRefs },
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [identityApi, catalogApi]);
}

/** The entity's title, else its name. */
export const entityTitle = (entity: Entity) =>
  entity.metadata.title ?? entity.metadata.name;

/** The catalog page of a Component. */
export const componentPath = (entity: Entity) =>
  `/catalog/${entity.metadata.namespace ?? 'default'}/component/${
    entity.metadata.name
  }`;
