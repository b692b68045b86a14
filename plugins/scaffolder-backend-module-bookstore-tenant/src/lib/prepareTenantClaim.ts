import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TenantsConfig } from './readTenantsConfig';
import { describeProblems, renderClaim, TenantRequest } from './renderClaim';

/**
 * Renders the claim with the platform's defaults, validated against the XRD, and checks
 * that its owner is a Group in the catalog (read with the task initiator's credentials).
 */
export async function prepareTenantClaim(options: {
  input: TenantRequest;
  tenants: TenantsConfig;
  catalog: CatalogService;
  credentials: BackstageCredentials;
}) {
  const { input, tenants, catalog, credentials } = options;
  const rendered = renderClaim(input, tenants);
  if (rendered.problems.length > 0) {
    throw new InputError(
      `Invalid BookstoreTenant input: ${describeProblems(rendered.problems)}`,
    );
  }
  const { claim, manifest } = rendered;
  const owner = claim.spec.parameters.owner;
  const group = await catalog.getEntityByRef(
    { kind: 'Group', namespace: 'default', name: owner },
    { credentials },
  );
  if (!group) {
    throw new InputError(
      `owner: group:default/${owner} is not a Group in the catalog`,
    );
  }
  return { claim, manifest, name: claim.metadata.name, owner };
}
