import {
  TENANT_ANNOTATION,
  TENANT_CLAIM_KIND,
  validateTenantClaim,
} from '@internal/plugin-bookstore-tenant-common';
import {
  GRAFANA_DASHBOARD_ANNOTATION,
  PROMETHEUS_RULE_ANNOTATION,
} from '@internal/plugin-monitoring-common';
import { parseAllDocuments } from 'yaml';
import {
  GITOPS_WORKSPACE_DIR,
  GitopsConfig,
  gitopsPaths,
} from './readGitopsConfig';

/** The rendered files of a new service the checks read, relative to the workspace. */
export interface RenderedPaths {
  /** The service repository's catalog-info.yaml. */
  catalogInfo: string;
  /** The new tenant's claim, in the GitOps change. */
  tenant: string;
  /** The Argo CD Application, in the GitOps change. */
  application: string;
}

/**
 * Where the golden path renders a new service: its `catalog-info.yaml`, and
 * its GitOps change in `gitops/` laid out like the GitOps repository
 * (`gitops/<tenantsDir>/<tenant>.yaml`, `gitops/<applicationsDir>/<service>-<region>.yaml`).
 */
export function renderedPaths(
  gitops: Pick<GitopsConfig, 'tenantsDir' | 'applicationsDir'>,
  service: { name: string; tenant: string; region: string },
): RenderedPaths {
  const { claimPath, applicationPath } = gitopsPaths(gitops, {
    service: service.name,
    tenant: service.tenant,
    region: service.region,
  });
  return {
    catalogInfo: 'catalog-info.yaml',
    tenant: `${GITOPS_WORKSPACE_DIR}/${claimPath}`,
    application: `${GITOPS_WORKSPACE_DIR}/${applicationPath}`,
  };
}

/** The longest name Kubernetes takes for a namespace (a DNS-1123 label). */
export const MAX_NAMESPACE_LENGTH = 63;

/** What the rendered files of a new service must say, from the checked input. */
export interface ExpectedService {
  name: string;
  /** The owner exactly as the form gave it (the Component's `spec.owner`). */
  owner: string;
  /** The owner's group name (the claim's `spec.parameters.owner`). */
  ownerName: string;
  /** The system exactly as the form gave it (the Component's `spec.system`). */
  system: string;
  tenant: string;
  /** Whether this service creates its tenant: then there is a claim, else none. */
  newTenant: boolean;
  region: string;
  projectSlug: string;
  pagerdutyServiceId?: string;
  needsDatabase: boolean;
  /** The Grafana dashboard (bookstore.grafana.baseUrl), if this portal has a Grafana. */
  dashboardUrl?: string;
}

/** The file contents, `undefined` where a file is missing. */
export type RenderedFiles = Record<keyof RenderedPaths, string | undefined>;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Parses a file that must hold exactly one YAML mapping; a problem otherwise. */
function oneDocument(
  path: string,
  content: string | undefined,
  problems: string[],
): Json | undefined {
  if (content === undefined) {
    problems.push(`${path}: is missing`);
    return undefined;
  }
  const documents = parseAllDocuments(content);
  if (!Array.isArray(documents) || documents.length !== 1) {
    const count = Array.isArray(documents) ? documents.length : 0;
    problems.push(`${path}: holds ${count} YAML documents, not 1`);
    return undefined;
  }
  const [document] = documents;
  if (document.errors.length > 0 || document.warnings.length > 0) {
    problems.push(
      `${path}: is not valid YAML: ${[...document.errors, ...document.warnings]
        .map(e => e.message.split('\n')[0].replace(/:$/, ''))
        .join('; ')}`,
    );
    return undefined;
  }
  const value = document.toJS();
  if (!isObject(value)) {
    problems.push(`${path}: is not a mapping`);
    return undefined;
  }
  return value;
}

/** The keys of `value` must be among `allowed` (a problem naming each other key). */
function onlyKeys(
  field: string,
  value: Json,
  allowed: string[],
  problems: string[],
) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push(`${field}.${key}: is not expected here`);
    }
  }
}

function equals(
  field: string,
  actual: unknown,
  expected: unknown,
  problems: string[],
) {
  if (show(actual) !== show(expected)) {
    problems.push(`${field}: is ${show(actual)}, expected ${show(expected)}`);
  }
}

function catalogInfoProblems(
  file: string,
  entity: Json,
  expected: ExpectedService,
  problems: string[],
) {
  onlyKeys(file, entity, ['apiVersion', 'kind', 'metadata', 'spec'], problems);
  const before = problems.length;
  equals(
    `${file} apiVersion`,
    entity.apiVersion,
    'backstage.io/v1alpha1',
    problems,
  );
  equals(`${file} kind`, entity.kind, 'Component', problems);
  if (problems.length > before) {
    return;
  }

  const metadata = isObject(entity.metadata) ? entity.metadata : {};
  onlyKeys(
    `${file} metadata`,
    metadata,
    ['name', 'description', 'annotations', 'tags', 'links'],
    problems,
  );
  equals(`${file} metadata.name`, metadata.name, expected.name, problems);
  if (typeof metadata.description !== 'string') {
    problems.push(`${file} metadata.description: is not a string`);
  }
  const annotations: Json = {
    'github.com/project-slug': expected.projectSlug,
    'backstage.io/techdocs-ref': 'dir:.',
    'argocd/app-name': `bookstore-${expected.name}-${expected.region}`,
    'backstage.io/kubernetes-id': expected.name,
    [PROMETHEUS_RULE_ANNOTATION]: `${expected.name}.rules`,
    ...(expected.dashboardUrl
      ? { [GRAFANA_DASHBOARD_ANNOTATION]: expected.dashboardUrl }
      : {}),
    ...(expected.pagerdutyServiceId
      ? { 'pagerduty.com/service-id': expected.pagerdutyServiceId }
      : {}),
    [TENANT_ANNOTATION]: expected.tenant,
  };
  const actualAnnotations = isObject(metadata.annotations)
    ? metadata.annotations
    : {};
  onlyKeys(
    `${file} metadata.annotations`,
    actualAnnotations,
    Object.keys(annotations),
    problems,
  );
  for (const [key, value] of Object.entries(annotations)) {
    equals(
      `${file} metadata.annotations.${key}`,
      actualAnnotations[key],
      value,
      problems,
    );
  }
  const tags = metadata.tags ?? [];
  if (!Array.isArray(tags) || !tags.every(t => typeof t === 'string')) {
    problems.push(`${file} metadata.tags: is not a list of strings`);
  }
  const links = metadata.links ?? [];
  if (
    !Array.isArray(links) ||
    !links.every(
      l =>
        isObject(l) &&
        Object.entries(l).every(
          ([k, v]) =>
            ['url', 'title', 'icon', 'type'].includes(k) &&
            typeof v === 'string',
        ),
    )
  ) {
    problems.push(
      `${file} metadata.links: is not a list of links (url, title, icon, type)`,
    );
  }

  const spec = isObject(entity.spec) ? entity.spec : {};
  onlyKeys(
    `${file} spec`,
    spec,
    ['type', 'lifecycle', 'owner', 'system', 'dependsOn'],
    problems,
  );
  equals(`${file} spec.type`, spec.type, 'service', problems);
  if (typeof spec.lifecycle !== 'string') {
    problems.push(`${file} spec.lifecycle: is not a string`);
  }
  equals(`${file} spec.owner`, spec.owner, expected.owner, problems);
  equals(`${file} spec.system`, spec.system, expected.system, problems);
  equals(
    `${file} spec.dependsOn`,
    spec.dependsOn,
    expected.needsDatabase ? ['resource:cnpg-postgres'] : undefined,
    problems,
  );
}

function claimProblems(
  file: string,
  claim: Json,
  expected: ExpectedService,
  problems: string[],
) {
  equals(`${file} kind`, claim.kind, TENANT_CLAIM_KIND, problems);
  for (const problem of validateTenantClaim(claim)) {
    problems.push(`${file} ${problem.field}: ${problem.message}`);
  }
  const metadata = isObject(claim.metadata) ? claim.metadata : {};
  const spec = isObject(claim.spec) ? claim.spec : {};
  const parameters = isObject(spec.parameters) ? spec.parameters : {};
  equals(`${file} metadata.name`, metadata.name, expected.tenant, problems);
  equals(
    `${file} spec.parameters.owner`,
    parameters.owner,
    expected.ownerName,
    problems,
  );
}

function applicationProblems(
  file: string,
  application: Json,
  expected: ExpectedService,
  problems: string[],
) {
  equals(
    `${file} apiVersion`,
    application.apiVersion,
    'argoproj.io/v1alpha1',
    problems,
  );
  equals(`${file} kind`, application.kind, 'Application', problems);
  const metadata = isObject(application.metadata) ? application.metadata : {};
  equals(
    `${file} metadata.name`,
    metadata.name,
    `bookstore-${expected.name}-${expected.region}`,
    problems,
  );
  const spec = isObject(application.spec) ? application.spec : {};
  const destination = isObject(spec.destination) ? spec.destination : {};
  equals(
    `${file} spec.destination.name`,
    destination.name,
    expected.region,
    problems,
  );
  equals(
    `${file} spec.destination.namespace`,
    destination.namespace,
    `${expected.tenant}-${expected.region}`,
    problems,
  );
}

/**
 * What is wrong with the rendered files of a new service, each problem naming
 * the file and the field: `catalog-info.yaml` must hold exactly one document, the
 * requested Component with the checked owner and system and nothing else
 * (annotations compared against the expected set); the claim (new tenant only)
 * one valid BookstoreTenant; the Argo CD Application one document deploying
 * into `<tenant>-<region>`.
 */
export function renderedServiceProblems(
  paths: RenderedPaths,
  files: RenderedFiles,
  expected: ExpectedService,
): string[] {
  const problems: string[] = [];
  const entity = oneDocument(paths.catalogInfo, files.catalogInfo, problems);
  if (entity) {
    catalogInfoProblems(paths.catalogInfo, entity, expected, problems);
  }
  if (expected.newTenant) {
    const claim = oneDocument(paths.tenant, files.tenant, problems);
    if (claim) {
      claimProblems(paths.tenant, claim, expected, problems);
    }
  } else if (files.tenant !== undefined) {
    problems.push(`${paths.tenant}: must not exist for an existing tenant`);
  }
  const application = oneDocument(
    paths.application,
    files.application,
    problems,
  );
  if (application) {
    applicationProblems(paths.application, application, expected, problems);
  }
  return problems;
}
