import { ObjectRef } from './summarizeResource';

function isObjectRef(value: unknown): value is ObjectRef {
  const ref = value as Partial<ObjectRef> | null;
  return (
    typeof ref?.apiVersion === 'string' &&
    typeof ref.kind === 'string' &&
    typeof ref.name === 'string' &&
    (ref.namespace === undefined || typeof ref.namespace === 'string')
  );
}

function refOf(value: ObjectRef): ObjectRef {
  return {
    apiVersion: value.apiVersion,
    kind: value.kind,
    name: value.name,
    ...(value.namespace ? { namespace: value.namespace } : {}),
  };
}

/** The composite resource a claim is bound to (`spec.resourceRef`); undefined while unbound. */
export function compositeRefOf(
  claim: Record<string, any>,
): ObjectRef | undefined {
  const ref = claim.spec?.resourceRef;
  return isObjectRef(ref) ? refOf(ref) : undefined;
}

/**
 * The resources a composite composed: `spec.resourceRefs` (Crossplane v1) or
 * `spec.crossplane.resourceRefs` (Crossplane v2), in their order.
 */
export function composedRefsOf(composite: Record<string, any>): ObjectRef[] {
  const refs =
    composite.spec?.crossplane?.resourceRefs ?? composite.spec?.resourceRefs;
  return Array.isArray(refs) ? refs.filter(isObjectRef).map(refOf) : [];
}
