import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  resolveSafeChildPath,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  bookstoreAnyTeamOwnerPermission,
  TENANT_ENTITY_TYPE,
  TENANT_REGIONS,
} from '@internal/plugin-bookstore-tenant-common';
import { readFile } from 'node:fs/promises';
import { GitopsConfig, requireGitops } from '../lib/readGitopsConfig';
import { PublishConfig } from '../lib/readPublishConfig';
import {
  dashboardUrlOf,
  ServiceLinksConfig,
} from '../lib/readServiceLinksConfig';
import {
  MAX_NAMESPACE_LENGTH,
  RenderedFiles,
  renderedPaths,
  renderedServiceProblems,
} from '../lib/renderedServiceProblems';
import { repositoryExists } from '../lib/repositoryExists';
import {
  stepSignal,
  TaskCancellations,
  throwIfCancelled,
} from '../lib/taskCancellation';
import { examples } from './verifyService.examples';

const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Parses a ref the form gave for `field`, which must be of `kind`. */
function refOf(field: string, value: string, kind: string): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${field}: ${JSON.stringify(value)} is not an entity ref`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `${field}: ${stringifyEntityRef(ref)} is not a ${kind} ref`,
    );
  }
  return ref;
}

async function readWorkspaceFile(
  workspacePath: string,
  path: string,
): Promise<string | undefined> {
  try {
    return await readFile(resolveSafeChildPath(workspacePath, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * The `bookstore:service:verify` action: checks, before anything is published,
 * that a new service from the golden path is what its initiator may create —
 * an owner among their teams (admins: any), an existing system, a tenant that is
 * new or theirs, a name nobody has — and that the rendered files say exactly
 * that. Every refusal names the field.
 */
export function createVerifyServiceAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  publish: PublishConfig;
  /** `bookstore.gitops`: where the tenant claim and Argo CD Application are rendered. */
  gitops?: GitopsConfig;
  integrations: ScmIntegrationRegistry;
  /** `bookstore.grafana`: the dashboard the rendered catalog-info.yaml must link, if any. */
  links?: ServiceLinksConfig;
  /** Cancels sooner than `ctx.signal` (see TaskCancellations). */
  cancellations?: TaskCancellations;
}) {
  const {
    catalog,
    auth,
    permissions,
    userInfo,
    publish,
    gitops,
    integrations,
    links = {},
    cancellations,
  } = options;

  /** The initiator's teams: their ownership refs that are groups (parents included). */
  async function teamsOf(credentials: BackstageCredentials): Promise<string[]> {
    if (!auth.isPrincipal(credentials, 'user')) {
      return [];
    }
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    return ownershipEntityRefs.filter(ref => ref.startsWith('group:'));
  }

  /** Whether the initiator may name any team as owner (the policy: admins). */
  async function mayNameAnyTeam(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize(
      [{ permission: bookstoreAnyTeamOwnerPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  return createTemplateAction({
    id: 'bookstore:service:verify',
    description:
      'Verifies the new service about to be published: the owner is one of the initiator’s teams (portal admins: any team), the system exists, the tenant is new or owned by the owner, the name is free in the catalog and at the publish target, and the rendered catalog-info.yaml and, in the GitOps change under gitops/ (bookstore.gitops.tenantsDir and applicationsDir), the BookstoreTenant claim and Argo CD Application say exactly that. Put it after rendering and before the GitOps change and publishing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The service name: the Component, the repository and the Kubernetes names.',
          }),
        owner: z =>
          z.string({
            description:
              'The owner team as the form gave it (group:default/team-payments or team-payments): a Group, one of the initiator’s teams unless they may name any team (bookstore.owner.any-team).',
          }),
        system: z =>
          z.string({
            description:
              'The System the service belongs to, as the form gave it (system:default/bookstore-platform).',
          }),
        tenantMode: z =>
          z.enum(['new', 'existing'], {
            description:
              'new: the service creates its tenant (tenantName, its claim rendered into gitops/<tenantsDir>/<tenant>.yaml); existing: it deploys into existingTenant.',
          }),
        tenantName: z =>
          z
            .string({
              description:
                'For tenantMode new: the new tenant’s name; no tenant of that name may exist.',
            })
            .optional(),
        existingTenant: z =>
          z
            .string({
              description:
                'For tenantMode existing: a bookstore-tenant Resource owned by the owner (resource:default/acme-books or acme-books).',
            })
            .optional(),
        region: z =>
          z.enum(TENANT_REGIONS, {
            description:
              'The region the service is deployed to first: its namespace is <tenant>-<region>.',
          }),
        needsDatabase: z =>
          z
            .boolean({
              description:
                'Whether the Component depends on the shared PostgreSQL (resource:cnpg-postgres).',
            })
            .default(false),
        pagerdutyServiceId: z =>
          z
            .string({
              description:
                'The PagerDuty service ID the Component is annotated with, if any.',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The ref of the Component to be created.' }),
        tenant: z => z.string({ description: 'The tenant’s name.' }),
        namespace: z =>
          z.string({
            description: 'The namespace the service is deployed into.',
          }),
      },
    },

    async handler(ctx) {
      const signal = stepSignal(ctx, cancellations);
      throwIfCancelled(signal, 'the service was not verified');
      const { name, tenantMode, region } = ctx.input;
      if (!NAME.test(name) || name.length > 63) {
        throw new InputError(
          `name: ${JSON.stringify(
            name,
          )} is not a service name: lowercase letters, digits and "-", starting with a letter, at most 63 characters`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      const service = await auth.getOwnServiceCredentials();

      // owner: an existing Group, one of the initiator's teams (admins: any).
      const ownerRef = stringifyEntityRef(
        refOf('owner', ctx.input.owner, 'group'),
      );
      if (!(await catalog.getEntityByRef(ownerRef, { credentials }))) {
        throw new InputError(
          `owner: ${ownerRef} is not a Group in the catalog`,
        );
      }
      const teams = await teamsOf(credentials);
      if (!teams.includes(ownerRef) && !(await mayNameAnyTeam(credentials))) {
        throw new NotAllowedError(
          `owner: ${ownerRef} is not one of your teams (${
            teams.join(', ') || 'none'
          }); only portal admins may name another team`,
        );
      }

      // system: an existing System.
      const systemRef = stringifyEntityRef(
        refOf('system', ctx.input.system, 'system'),
      );
      if (!(await catalog.getEntityByRef(systemRef, { credentials }))) {
        throw new InputError(
          `system: ${systemRef} is not a System in the catalog`,
        );
      }

      // The tenant: a new name nobody has, or an existing one of the owner's.
      let tenant: string;
      let tenantField: 'tenantName' | 'existingTenant';
      if (tenantMode === 'new') {
        tenantField = 'tenantName';
        tenant = ctx.input.tenantName ?? '';
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(tenant)) {
          throw new InputError(
            `tenantName: ${JSON.stringify(
              tenant,
            )} is not a tenant name: lowercase letters, digits and "-"`,
          );
        }
        const existing = await catalog.getEntityByRef(
          { kind: 'Resource', namespace: 'default', name: tenant },
          { credentials: service },
        );
        if (existing?.spec?.type === TENANT_ENTITY_TYPE) {
          throw new ConflictError(
            `tenantName: the tenant ${tenant} already exists; choose another name, or use it as an existing tenant`,
          );
        }
      } else {
        tenantField = 'existingTenant';
        if (!ctx.input.existingTenant) {
          throw new InputError('existingTenant: is required');
        }
        const tenantRef = refOf(
          'existingTenant',
          ctx.input.existingTenant,
          'resource',
        );
        const entity = await catalog.getEntityByRef(tenantRef, {
          credentials,
        });
        if (entity?.spec?.type !== TENANT_ENTITY_TYPE) {
          throw new InputError(
            `existingTenant: ${stringifyEntityRef(
              tenantRef,
            )} is not a ${TENANT_ENTITY_TYPE} Resource in the catalog`,
          );
        }
        const tenantOwner = stringifyEntityRef(
          parseEntityRef(String(entity.spec.owner ?? ''), {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        );
        if (tenantOwner !== ownerRef && !(await mayNameAnyTeam(credentials))) {
          throw new NotAllowedError(
            `existingTenant: ${stringifyEntityRef(
              tenantRef,
            )} is owned by ${tenantOwner}, not by the service's owner ${ownerRef}`,
          );
        }
        tenant = tenantRef.name;
      }
      const namespace = `${tenant}-${region}`;
      if (namespace.length > MAX_NAMESPACE_LENGTH) {
        throw new InputError(
          `${tenantField}: the namespace ${namespace} would have ${namespace.length} characters; Kubernetes takes at most ${MAX_NAMESPACE_LENGTH}`,
        );
      }

      // name: no entity, not even a hidden one, and no repository has it.
      const entityRef = stringifyEntityRef({
        kind: 'Component',
        namespace: 'default',
        name,
      });
      const taken =
        (await catalog.getEntityByRef(entityRef, { credentials: service })) !==
          undefined ||
        (await repositoryExists(name, publish, integrations, signal));
      if (taken) {
        throw new ConflictError(`name: ${name} is taken; choose another name`);
      }

      // The rendered files (the GitOps change in gitops/) say exactly what was checked.
      const paths = renderedPaths(requireGitops(gitops, tenantField), {
        name,
        tenant,
        region,
      });
      const files: RenderedFiles = {
        catalogInfo: await readWorkspaceFile(
          ctx.workspacePath,
          paths.catalogInfo,
        ),
        tenant: await readWorkspaceFile(ctx.workspacePath, paths.tenant),
        application: await readWorkspaceFile(
          ctx.workspacePath,
          paths.application,
        ),
      };
      const problems = renderedServiceProblems(paths, files, {
        name,
        owner: ctx.input.owner,
        ownerName: parseEntityRef(ownerRef).name,
        system: ctx.input.system,
        tenant,
        newTenant: tenantMode === 'new',
        region,
        projectSlug: `${publish.github.owner}/${name}`,
        pagerdutyServiceId: ctx.input.pagerdutyServiceId || undefined,
        needsDatabase: ctx.input.needsDatabase ?? false,
        dashboardUrl: dashboardUrlOf(links, name),
      });
      if (problems.length > 0) {
        throw new InputError(
          `The rendered service is not what was asked for: ${problems.join(
            '; ',
          )}`,
        );
      }

      // The catalog's answers above could not be aborted: whatever came after the cancel stops here.
      throwIfCancelled(signal, 'the service was not verified');
      ctx.logger.info(
        `${
          ctx.isDryRun ? 'Dry run: ' : ''
        }${entityRef} (owner ${ownerRef}, system ${systemRef}, ${
          tenantMode === 'new' ? 'new tenant' : 'tenant'
        } ${tenant}, namespace ${namespace}) may be published`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('tenant', tenant);
      ctx.output('namespace', namespace);
    },
  });
}
