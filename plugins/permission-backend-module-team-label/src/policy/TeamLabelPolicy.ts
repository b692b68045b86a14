import type { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  RESOURCE_TYPE_CATALOG_ENTITY,
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  RESOURCE_TYPE_SCAFFOLDER_ACTION,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  bookstoreAnyTeamOwnerPermission,
  TENANT_APPLY_ACTION_ID,
} from '@internal/plugin-bookstore-tenant-common';
import { adoptionSummaryReadPermission } from '@internal/plugin-adoption-common';
import type { TeamLabelPolicyConfig } from '../config';
import {
  bookstoreIntegrationWritePermission,
  bookstoreSchedulerTriggerPermission,
} from '../permissions';
import { hasLabelValueInCondition } from './hasLabelValueIn';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Permissions every signed-in user holds. Kubernetes' are named rather than imported
 * (this package does not depend on the Kubernetes plugin); they feed the service
 * page's Kubernetes tab.
 */
const OPEN_TO_USERS = new Set<string>([
  // Registering a component ("Register existing component", and the
  // scaffolder's catalog:register step, which runs with the user's credentials).
  catalogEntityCreatePermission.name,
  catalogEntityValidatePermission.name,
  catalogLocationCreatePermission.name,
  catalogLocationAnalyzePermission.name,
  // The template itself is read from the catalog with the user's credentials before
  // its parameters or steps are; a template the user may not see is a 404 there.
  templateParameterReadPermission.name,
  templateStepReadPermission.name,
  taskCreatePermission.name,
  'kubernetes.clusters.read',
  'kubernetes.resources.read',
  // Scorecards: the checks, running them (computes results, changes nothing) and the facts.
  'tech-insights.check.read',
  'tech-insights.check.run',
  'tech-insights.fact-retriever.read',
]);

/** Permissions only admins hold. */
const ADMINS_ONLY = new Set<string>([
  // Locations name the files and URLs entities come from, hidden templates' included.
  // Registering does not need it; the unregister dialog then offers deleting the entity.
  catalogLocationReadPermission.name,
  // Asked without a resource: the policy cannot tell whose location it is.
  catalogLocationDeletePermission.name,
  catalogIngestionReadPermission.name,
  catalogIngestionManagePermission.name,
  // The template editor runs a template body that is not in the catalog.
  templateDryRunPermission.name,
  templateManagementPermission.name,
  // Arbitrary Kubernetes API calls with the portal's service account.
  'kubernetes.proxy',
  // Services and tenants owned by a team one is not in (the golden path's checks).
  bookstoreAnyTeamOwnerPermission.name,
  // Changing a third party's state or the portal's mappings (PagerDuty, Argo CD backends).
  bookstoreIntegrationWritePermission.name,
  // Triggering and cancelling any plugin's scheduled tasks.
  bookstoreSchedulerTriggerPermission.name,
  // The Adoption page's figures: who is active, template runs, coverage.
  adoptionSummaryReadPermission.name,
]);

/** Permissions decided per resource (see `handle`). */
const CONDITIONAL = new Set<string>([
  catalogEntityReadPermission.name,
  catalogEntityRefreshPermission.name,
  catalogEntityDeletePermission.name,
  taskReadPermission.name,
  taskCancelPermission.name,
  actionExecutePermission.name,
]);

type CatalogCriteria = PermissionCriteria<
  PermissionCondition<'catalog-entity'>
>;

/** Who the user is, as far as this policy cares. */
interface Member {
  userEntityRef: string;
  /** The user's ref and all their Groups (direct and through parent groups), lower-case. */
  claims: string[];
  /** Names of the user's Groups in the default namespace: the values a team label may hold. */
  teams: string[];
  isAdmin: boolean;
}

/**
 * The portal's permission policy: a Software Template labelled for a team is seen, read
 * and run by that team and the admins only; see the package README for the full table.
 *
 * Dependency-free: it needs only a way to read the signed-in user's ownership refs
 * (the `UserInfoService`), which the module passes in. Its catalog conditions use the
 * `HAS_LABEL_VALUE_IN` rule, which `catalogModuleTeamLabelRules` registers in the catalog.
 *
 * @public
 */
export class TeamLabelPolicy implements PermissionPolicy {
  private readonly labelKey: string;
  private readonly adminGroups: ReadonlySet<string>;
  private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>;

  constructor(options: {
    config: TeamLabelPolicyConfig;
    userInfo: Pick<UserInfoService, 'getUserInfo'>;
  }) {
    this.labelKey = options.config.labelKey;
    this.adminGroups = new Set(options.config.adminGroups);
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;

    // Backend services never get here: the permissions service allows them (within
    // their configured access restrictions) without asking the policy. What is left
    // without a user is an unauthenticated caller.
    if (!user) {
      return DENY;
    }

    // Unknown permissions are denied to every user, admins included: a new plugin's
    // permissions get a decision here before anyone can use them.
    const known =
      OPEN_TO_USERS.has(permission.name) ||
      ADMINS_ONLY.has(permission.name) ||
      CONDITIONAL.has(permission.name);
    if (!known) {
      return DENY;
    }

    const member = await this.member(user);
    if (member.isAdmin) {
      return ALLOW;
    }
    if (OPEN_TO_USERS.has(permission.name)) {
      return ALLOW;
    }
    if (ADMINS_ONLY.has(permission.name)) {
      return DENY;
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      // Refresh as read: a hidden template and one that does not exist are refused alike
      // (the catalog denies a conditional decision on a resource it cannot find).
      if (
        isPermission(permission, catalogEntityReadPermission) ||
        isPermission(permission, catalogEntityRefreshPermission)
      ) {
        return createCatalogConditionalDecision(
          permission,
          this.templateVisibleTo(member),
        );
      }
      if (isPermission(permission, catalogEntityDeletePermission)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims: member.claims }),
        );
      }
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
      if (
        isPermission(permission, taskReadPermission) ||
        isPermission(permission, taskCancelPermission)
      ) {
        return createScaffolderTaskConditionalDecision(
          permission,
          scaffolderTaskConditions.isTaskOwner({
            createdBy: [member.userEntityRef],
          }),
        );
      }
    }

    if (
      isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_ACTION) &&
      isPermission(permission, actionExecutePermission)
    ) {
      return createScaffolderActionConditionalDecision(
        permission,
        this.tenantApplyAllowedFor(member),
      );
    }

    // A known name with an unexpected shape (another resource type): refuse.
    return DENY;
  }

  /**
   * Catalog read: everything but a Template labelled for a team the user is not in, i.e.
   * not (labelled, and labelled for none of the user's teams, and a Template), and but
   * Location entities, whose targets name the files entities come from (a labelled
   * template's path names it; admins read them). Sent to the
   * catalog as a filter, so hidden templates are left out by the database query (lists,
   * counts, facets, by-name reads).
   *
   * Each condition becomes one `EXISTS` on the catalog's search table, evaluated per
   * entity, so there are as few as the rule needs: the user's teams are one
   * `HAS_LABEL_VALUE_IN` condition however many groups they are in, and the label comes
   * first because it is absent from most entities (one lookup settles them) and present on
   * the templates that matter. See the README's Benchmark section for the measurements.
   */
  private templateVisibleTo(member: Member): CatalogCriteria {
    const { hasLabel, isEntityKind } = catalogConditions;
    const labelledForNoneOfMyTeams: CatalogCriteria[] =
      member.teams.length > 0
        ? [
            {
              not: hasLabelValueInCondition({
                label: this.labelKey,
                values: member.teams,
              }),
            },
          ]
        : [];
    return {
      not: {
        anyOf: [
          isEntityKind({ kinds: ['Location'] }),
          {
            allOf: [
              hasLabel({ label: this.labelKey }),
              ...labelledForNoneOfMyTeams,
              isEntityKind({ kinds: ['Template'] }),
            ],
          },
        ],
      },
    };
  }

  /**
   * Action execution: every action, except `bookstore:tenant:apply` (which changes the
   * clusters), which needs the claim's `owner` to be one of the user's teams. The action
   * takes the owner as a Group name or ref. `bookstore:tenant` only renders the claim into
   * the repository and is open to everyone (the golden path's verify step checks owners).
   */
  private tenantApplyAllowedFor(
    member: Member,
  ): PermissionCriteria<PermissionCondition<'scaffolder-action'>> {
    const { hasActionId, hasStringProperty } = scaffolderActionConditions;
    return {
      anyOf: [
        { not: hasActionId({ actionId: TENANT_APPLY_ACTION_ID }) },
        ...member.teams.flatMap(team =>
          [team, `group:${team}`, `group:default/${team}`].map(owner =>
            hasStringProperty({ key: 'owner', value: owner }),
          ),
        ),
      ],
    };
  }

  private async member(user: PolicyQueryUser): Promise<Member> {
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const claims = [
      ...new Set(
        [userEntityRef, ...ownershipEntityRefs].map(ref =>
          ref.toLocaleLowerCase('en-US'),
        ),
      ),
    ];
    const teams = claims.flatMap(ref => {
      const { kind, namespace, name } = parseEntityRef(ref);
      return kind === 'group' && namespace === 'default' ? [name] : [];
    });
    return {
      // As issued: scaffolder tasks record their creator's ref verbatim.
      userEntityRef,
      claims,
      teams,
      isAdmin: claims.some(ref => this.adminGroups.has(ref)),
    };
  }
}
