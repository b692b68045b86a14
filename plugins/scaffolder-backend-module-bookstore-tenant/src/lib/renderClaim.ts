import { parseEntityRef } from '@backstage/catalog-model';
import {
  BookstoreTenantClaim,
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_KIND,
  TENANT_REGIONS,
  TenantRegion,
  TenantTier,
  validateTenantClaim,
} from '@internal/plugin-bookstore-tenant-common';
import { Document } from 'yaml';
import { TenantsConfig } from './readTenantsConfig';

/** What a template asks for. */
export interface TenantRequest {
  name: string;
  /** A Group: `team-payments` or `group:default/team-payments`. */
  owner: string;
  /** Defaults to `bookstore.tenants.defaultTier`. */
  tier?: string;
  regions: string[];
  displayName?: string;
}

/** A problem with the request, naming the input field and the claim field it lands in. */
export interface TenantInputProblem {
  /** The action's input field: `name`, `tier`, `regions[1]`, … */
  input: string;
  /** The claim's field: `metadata.name`, `spec.parameters.tier`, … */
  field: string;
  message: string;
}

/** The rendered claim, or why it cannot be rendered. */
export interface RenderedClaim {
  claim: BookstoreTenantClaim;
  /** The claim as YAML, as committed for GitOps. */
  manifest: string;
  /** Empty when the claim is valid. */
  problems: TenantInputProblem[];
}

const INPUT_OF_FIELD: Array<[RegExp, string]> = [
  [/^metadata\.name$/, 'name'],
  [/^spec\.parameters\.owner$/, 'owner'],
  [/^metadata\.labels\[/, 'owner'],
  [/^spec\.parameters\.tier$/, 'tier'],
  [/^spec\.parameters\.displayName$/, 'displayName'],
];

function inputOf(field: string): string {
  const regions = field.match(/^spec\.parameters\.(regions.*)$/);
  if (regions) {
    return regions[1];
  }
  return INPUT_OF_FIELD.find(([pattern]) => pattern.test(field))?.[1] ?? field;
}

/**
 * The owner as a group name: `team-payments` and `group:default/team-payments`
 * both give `team-payments`. Anything that is not a Group of the default
 * namespace is a problem, since the claim's team label holds a bare name.
 */
export function normalizeOwner(owner: string): {
  name?: string;
  problem?: string;
} {
  let ref;
  try {
    ref = parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return { problem: `'${owner}' is not a group name or entity ref` };
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    return { problem: `must be a Group, not a ${ref.kind} (${owner})` };
  }
  if (ref.namespace !== 'default') {
    return {
      problem: `must be a Group of the default namespace, not of '${ref.namespace}' (${owner})`,
    };
  }
  return { name: ref.name };
}

/**
 * Renders a BookstoreTenant claim from a template's request and the platform's
 * defaults, and checks it: the regions this portal offers, then the XRD's
 * schema and the claim's own rules (`validateTenantClaim`). Pure: no catalog,
 * no cluster.
 */
export function renderClaim(
  request: TenantRequest,
  config: TenantsConfig,
): RenderedClaim {
  const problems: TenantInputProblem[] = [];
  const owner = normalizeOwner(request.owner ?? '');
  if (owner.problem) {
    problems.push({
      input: 'owner',
      field: 'spec.parameters.owner',
      message: owner.problem,
    });
  }
  const ownerName = owner.name ?? request.owner;
  const displayName = request.displayName?.trim() || undefined;
  const regions = request.regions ?? [];

  const offered = config.regions.map(r => r.region as string);
  regions.forEach((region, index) => {
    if (
      (TENANT_REGIONS as readonly string[]).includes(region) &&
      !offered.includes(region)
    ) {
      problems.push({
        input: `regions[${index}]`,
        field: `spec.parameters.regions[${index}]`,
        message: `${region} is not offered by this portal (offered: ${offered.join(
          ', ',
        )})`,
      });
    }
  });

  const claim: BookstoreTenantClaim = {
    apiVersion: `${TENANT_API_GROUP}/${TENANT_API_VERSION}`,
    kind: TENANT_CLAIM_KIND,
    metadata: {
      name: request.name,
      namespace: config.claimNamespace,
      labels: { [config.teamLabel]: ownerName },
    },
    spec: {
      parameters: {
        owner: ownerName,
        ...(displayName ? { displayName } : {}),
        tier: (request.tier || config.defaultTier) as TenantTier,
        regions: regions as TenantRegion[],
      },
    },
  };

  problems.push(
    ...validateTenantClaim(claim, config.teamLabel)
      .map(problem => ({
        input: inputOf(problem.field),
        field: problem.field,
        message: problem.message,
      }))
      // an owner that is not a group name is already reported, once
      .filter(problem => !(owner.problem && problem.input === 'owner')),
  );

  const document = new Document(claim);
  document.commentBefore =
    ' A BookstoreTenant claim, rendered by the bookstore:tenant scaffolder action.\n' +
    ' Contract: examples/crossplane/xrd.yaml in the Bookstore Portal repository.';
  return { claim, manifest: document.toString(), problems };
}

/** One line per problem: `regions[1] (spec.parameters.regions[1]): must be one of …`. */
export function describeProblems(problems: TenantInputProblem[]): string {
  return problems
    .map(p =>
      p.input === p.field
        ? `${p.input}: ${p.message}`
        : `${p.input} (${p.field}): ${p.message}`,
    )
    .join('; ');
}
