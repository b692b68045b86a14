import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_KIND,
  TENANT_CLAIM_PLURAL,
  TENANT_COMPOSITE_KIND,
  TENANT_COMPOSITE_PLURAL,
  TENANT_REGIONS,
  TENANT_TIERS,
} from './constants';
import { tenantOpenApiSchema } from './tenantSchema';

const xrd = parse(
  readFileSync(
    resolve(__dirname, '../../../examples/crossplane/xrd.yaml'),
    'utf8',
  ),
);

describe('the BookstoreTenant contract', () => {
  it('embeds exactly the XRD schema', () => {
    const [version] = xrd.spec.versions;
    expect(version.name).toBe(TENANT_API_VERSION);
    expect(tenantOpenApiSchema).toEqual(version.schema.openAPIV3Schema);
  });

  it('names the API as the XRD does', () => {
    expect(xrd.spec.group).toBe(TENANT_API_GROUP);
    expect(xrd.spec.names).toEqual({
      kind: TENANT_COMPOSITE_KIND,
      plural: TENANT_COMPOSITE_PLURAL,
    });
    expect(xrd.spec.claimNames).toEqual({
      kind: TENANT_CLAIM_KIND,
      plural: TENANT_CLAIM_PLURAL,
    });
  });

  it('offers the tiers and regions the XRD allows', () => {
    const parameters =
      tenantOpenApiSchema.properties.spec.properties.parameters;
    expect(parameters.properties.tier.enum).toEqual([...TENANT_TIERS]);
    expect(parameters.properties.regions.items.enum).toEqual([
      ...TENANT_REGIONS,
    ]);
  });
});
