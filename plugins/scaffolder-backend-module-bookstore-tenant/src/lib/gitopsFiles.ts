import { InputError } from '@backstage/errors';
import { validateTenantClaim } from '@internal/plugin-bookstore-tenant-common';
import yaml from 'yaml';

/** One YAML document as an object, or an InputError naming `field`. */
function parseDocument(text: string, field: string): Record<string, any> {
  const documents = yaml.parseAllDocuments(text);
  if (
    documents.length !== 1 ||
    documents[0].errors.length > 0 ||
    typeof documents[0].toJS() !== 'object' ||
    documents[0].toJS() === null
  ) {
    throw new InputError(`${field}: is not one YAML document of an object`);
  }
  return documents[0].toJS();
}

/** The team label of a claim text, or undefined when it has none (or does not parse). */
export function claimTeam(text: string, teamLabel: string): string | undefined {
  try {
    const team = yaml.parse(text)?.metadata?.labels?.[teamLabel];
    return typeof team === 'string' ? team : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks the claim a golden path commits to the GitOps repository: a valid
 * BookstoreTenant (the XRD's schema, the team label matching the owner) named
 * `tenant`, of team `owner`.
 */
export function checkClaim(
  text: string,
  expected: { tenant: string; owner: string; teamLabel: string },
): void {
  const claim = parseDocument(text, 'claimPath');
  const problems = validateTenantClaim(claim, expected.teamLabel);
  if (problems.length > 0) {
    throw new InputError(
      `claimPath: not a valid BookstoreTenant claim: ${problems
        .map(problem => `${problem.field} ${problem.message}`)
        .join('; ')}`,
    );
  }
  if (claim.metadata.name !== expected.tenant) {
    throw new InputError(
      `claimPath: the claim is for tenant ${claim.metadata.name}, not ${expected.tenant}`,
    );
  }
  const team = claim.metadata.labels?.[expected.teamLabel];
  if (team !== expected.owner) {
    throw new InputError(
      `claimPath: the claim's ${expected.teamLabel} is ${team}, not the owner ${expected.owner}`,
    );
  }
}

/**
 * Checks the Argo CD Application a golden path commits: its required fields,
 * synced into the tenant's namespace `<tenant>-<region>` of the region's cluster.
 */
export function checkApplication(
  text: string,
  expected: { tenant: string; region: string },
): void {
  const app = parseDocument(text, 'applicationPath');
  const problems: string[] = [];
  const required: Array<[string, unknown]> = [
    ['metadata.name', app.metadata?.name],
    ['metadata.namespace', app.metadata?.namespace],
    ['spec.project', app.spec?.project],
    ['spec.source.repoURL', app.spec?.source?.repoURL],
    ['spec.source.path', app.spec?.source?.path],
    ['spec.source.targetRevision', app.spec?.source?.targetRevision],
  ];
  if (app.apiVersion !== 'argoproj.io/v1alpha1') {
    problems.push('apiVersion must be argoproj.io/v1alpha1');
  }
  if (app.kind !== 'Application') {
    problems.push('kind must be Application');
  }
  for (const [field, value] of required) {
    if (typeof value !== 'string' || !value) {
      problems.push(`${field} is required`);
    }
  }
  if (app.spec?.destination?.name !== expected.region) {
    problems.push(`spec.destination.name must be ${expected.region}`);
  }
  const namespace = `${expected.tenant}-${expected.region}`;
  if (app.spec?.destination?.namespace !== namespace) {
    problems.push(`spec.destination.namespace must be ${namespace}`);
  }
  if (problems.length > 0) {
    throw new InputError(
      `applicationPath: not the service's Argo CD Application: ${problems.join(
        '; ',
      )}`,
    );
  }
}
