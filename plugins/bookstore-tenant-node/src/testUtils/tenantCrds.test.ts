import {
  TENANT_API_GROUP,
  tenantOpenApiSchema,
} from '@internal/plugin-bookstore-tenant-common';
import { tenantCustomResourceDefinitions } from './tenantCrds';

describe('tenantCustomResourceDefinitions', () => {
  it('takes the claim parameters from the contract', () => {
    const { claim } = tenantCustomResourceDefinitions();
    const schema = claim.spec.versions[0].schema.openAPIV3Schema as any;
    expect(schema.properties.spec.properties.parameters).toEqual(
      tenantOpenApiSchema.properties.spec.properties.parameters,
    );
    expect(schema.properties.status.properties.namespaces).toEqual(
      tenantOpenApiSchema.properties.status.properties.namespaces,
    );
    expect(schema.properties.spec.required).toEqual(['parameters']);
  });

  it('names the claim and composite as the XRD does, with Crossplane’s references', () => {
    const { claim, composite } = tenantCustomResourceDefinitions();
    expect(claim.metadata.name).toBe(`bookstoretenants.${TENANT_API_GROUP}`);
    expect(claim.spec.scope).toBe('Namespaced');
    expect(claim.spec.names.kind).toBe('BookstoreTenant');
    expect(composite.metadata.name).toBe(
      `xbookstoretenants.${TENANT_API_GROUP}`,
    );
    expect(composite.spec.scope).toBe('Cluster');
    const claimSpec = (claim.spec.versions[0].schema.openAPIV3Schema as any)
      .properties.spec.properties;
    const compositeSpec = (
      composite.spec.versions[0].schema.openAPIV3Schema as any
    ).properties.spec.properties;
    expect(Object.keys(claimSpec)).toEqual(
      expect.arrayContaining(['parameters', 'resourceRef']),
    );
    expect(Object.keys(compositeSpec)).toEqual(
      expect.arrayContaining(['parameters', 'claimRef', 'resourceRefs']),
    );
    expect(claim.spec.versions[0].subresources).toEqual({ status: {} });
  });

  it('makes the composite namespaced, as Crossplane v2’s XRs (their fields under spec.crossplane), when asked', () => {
    const { composite } = tenantCustomResourceDefinitions({
      compositeScope: 'Namespaced',
    });
    expect(composite.spec.scope).toBe('Namespaced');
    const compositeSpec = (
      composite.spec.versions[0].schema.openAPIV3Schema as any
    ).properties.spec.properties;
    expect(Object.keys(compositeSpec.crossplane.properties)).toEqual([
      'compositionRef',
      'resourceRefs',
    ]);
    expect(compositeSpec).not.toHaveProperty('resourceRefs');
    expect(compositeSpec).not.toHaveProperty('claimRef');
  });
});
