import {
  bookstoreAnyTeamOwnerPermission,
  TENANT_ACTION_ID,
  TENANT_APPLY_ACTION_ID,
} from '@internal/plugin-bookstore-tenant-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { permissionRules as catalogRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionRule,
  PolicyQueryUser,
  createConditionAuthorizer,
} from '@backstage/plugin-permission-node';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { adoptionSummaryReadPermission } from '@internal/plugin-adoption-common';
import {
  bookstoreIntegrationWritePermission,
  bookstoreSchedulerTriggerPermission,
} from '../permissions';
import { hasLabelValueIn } from './hasLabelValueIn';
import { TeamLabelPolicy } from './TeamLabelPolicy';

const LABEL = 'platform.bookstore.io/team';

// Ownership refs as the sign-in resolver issues them: the user, direct groups, parents.
const people = {
  alice: [
    'user:default/alice',
    'group:default/team-payments',
    'group:default/engineering',
    'group:default/bookstore',
  ],
  bob: [
    'user:default/bob',
    'group:default/team-search',
    'group:default/engineering',
    'group:default/bookstore',
  ],
  carol: [
    'user:default/carol',
    'group:default/platform-team',
    'group:default/portal-admins',
    'group:default/engineering',
    'group:default/bookstore',
  ],
  // The same team name in another namespace is not the team.
  mallory: ['user:default/mallory', 'group:partners/team-payments'],
} as const;
type Person = keyof typeof people;
type Who = Person | 'anonymous';

const policy = new TeamLabelPolicy({
  config: { labelKey: LABEL, adminGroups: ['group:default/portal-admins'] },
  userInfo: {
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const name = ref.split('/')[1] as Person;
      return { userEntityRef: ref, ownershipEntityRefs: [...people[name]] };
    },
  },
});

function userOf(who: Who): PolicyQueryUser | undefined {
  if (who === 'anonymous') {
    return undefined;
  }
  const ref = `user:default/${who}`;
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [...people[who]] },
  };
}

function template(name: string, team?: string): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      ...(team ? { labels: { [LABEL]: team } } : {}),
    },
    spec: { type: 'service', steps: [] },
  };
}

function location(name: string, target: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name, namespace: 'default' },
    spec: { type: 'file', target },
  };
}

function component(name: string, owner: string, team?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(team ? { labels: { [LABEL]: team } } : {}),
    },
    spec: { type: 'service', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

// The catalog's own rules and the one this package adds decide catalog conditions, as the
// catalog does in memory.
const isCatalogEntityAllowed = createConditionAuthorizer<Entity>({
  getRuleByName: name =>
    [...Object.values(catalogRules), hasLabelValueIn].find(
      rule => rule.name === name,
    )! as any,
});

// The scaffolder does not export its rules; these mirror the three the policy uses
// (IS_TASK_OWNER, HAS_ACTION_ID, HAS_STRING_PROPERTY). The HTTP test runs the real ones.
type ActionResource = { action: string; input: Record<string, unknown> };
type TaskResource = { createdBy?: string };
const scaffolderRules: Record<
  string,
  Pick<PermissionRule<any, unknown, string, any>, 'apply'>
> = {
  IS_TASK_OWNER: {
    apply: (task: TaskResource, { createdBy }: { createdBy: string[] }) =>
      !!task.createdBy && createdBy.includes(task.createdBy),
  },
  HAS_ACTION_ID: {
    apply: (resource: ActionResource, { actionId }: { actionId: string }) =>
      resource.action === actionId,
  },
  HAS_STRING_PROPERTY: {
    apply: (
      resource: ActionResource,
      { key, value }: { key: string; value?: string },
    ) =>
      typeof resource.input[key] === 'string' &&
      (value === undefined || resource.input[key] === value),
  },
};
const isScaffolderResourceAllowed = createConditionAuthorizer<unknown>({
  getRuleByName: name => scaffolderRules[name] as any,
});

/** The outcome for one resource: the definitive result, or the conditions applied to it. */
function outcome(
  decision: PolicyDecision,
  resource: unknown,
): 'ALLOW' | 'DENY' {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW ? 'ALLOW' : 'DENY';
  }
  if (resource === undefined) {
    throw new Error('conditional decision for a case without a resource');
  }
  const allowed =
    decision.resourceType === 'catalog-entity'
      ? isCatalogEntityAllowed(decision, resource as Entity)
      : isScaffolderResourceAllowed(decision, resource);
  return allowed ? 'ALLOW' : 'DENY';
}

const A = 'ALLOW';
const D = 'DENY';

type Row = [
  permission: Permission,
  label: string,
  resource: unknown,
  expected: Record<Who, 'ALLOW' | 'DENY'>,
];
const row = (
  permission: Permission,
  label: string,
  resource: unknown,
  [alice, bob, carol, mallory, anonymous]: Array<'ALLOW' | 'DENY'>,
): Row => [
  permission,
  label,
  resource,
  { alice, bob, carol, mallory, anonymous },
];

const aliceTask: TaskResource = { createdBy: 'user:default/alice' };
const tenant = (input: Record<string, unknown>): ActionResource => ({
  action: TENANT_ACTION_ID,
  input,
});
const tenantApply = (input: Record<string, unknown>): ActionResource => ({
  action: TENANT_APPLY_ACTION_ID,
  input,
});

// Expected outcome per person:                                      [alice, bob, carol, mallory, anonymous]
// prettier-ignore
const table: Row[] = [
  // Templates: seen (catalog lists, Create page, entity page) per team label.
  row(catalogEntityReadPermission, 'Template labelled team-payments', template('pay', 'team-payments'), [A, D, A, D, D]),
  row(catalogEntityReadPermission, 'Template labelled team-search', template('search', 'team-search'), [D, A, A, D, D]),
  row(catalogEntityReadPermission, 'Template labelled engineering (a parent group)', template('eng', 'engineering'), [A, A, A, D, D]),
  row(catalogEntityReadPermission, 'Template labelled another team', template('orders', 'team-orders'), [D, D, A, D, D]),
  row(catalogEntityReadPermission, 'unlabelled Template', template('hello'), [A, A, A, A, D]),
  row(catalogEntityReadPermission, 'Component with a team label (labels restrict Templates only)', component('gw', 'team-payments', 'team-search'), [A, A, A, A, D]),
  // Location entities name the files entities come from, labelled templates' too: admins only.
  row(catalogEntityReadPermission, "a Location entity (a template's file)", location('generated-1', '/app/templates/payments-pci/template.yaml'), [D, D, A, D, D]),
  // Parameters and steps: open; the template itself is read from the catalog first.
  row(templateParameterReadPermission, 'any template', undefined, [A, A, A, A, D]),
  row(templateStepReadPermission, 'any template', undefined, [A, A, A, A, D]),
  row(taskCreatePermission, 'any template', undefined, [A, A, A, A, D]),
  // Catalog entities: delete for owners and admins; refresh as read; registration open.
  row(catalogEntityDeletePermission, 'Component owned by team-payments', component('gw', 'team-payments'), [A, D, A, D, D]),
  row(catalogEntityDeletePermission, 'Template owned by team-search', { ...template('search', 'team-search'), relations: [{ type: 'ownedBy', targetRef: 'group:default/team-search' }] }, [D, A, A, D, D]),
  row(catalogEntityDeletePermission, 'Component owned by engineering (a parent group)', component('eng-tools', 'engineering'), [A, A, A, D, D]),
  row(catalogEntityRefreshPermission, 'any entity', component('gw', 'team-payments'), [A, A, A, A, D]),
  row(catalogEntityRefreshPermission, 'Template labelled team-payments', template('pay', 'team-payments'), [A, D, A, D, D]),
  row(catalogEntityRefreshPermission, 'unlabelled Template', template('hello'), [A, A, A, A, D]),
  row(catalogEntityCreatePermission, 'registering', undefined, [A, A, A, A, D]),
  row(catalogLocationCreatePermission, 'registering', undefined, [A, A, A, A, D]),
  // Locations name the files entities come from, hidden templates' too.
  row(catalogLocationReadPermission, 'any location', undefined, [D, D, A, D, D]),
  row(catalogLocationDeletePermission, 'any location (asked without a resource)', undefined, [D, D, A, D, D]),
  row(catalogIngestionManagePermission, 'ingestion', undefined, [D, D, A, D, D]),
  // Scaffolder tasks: logs and cancellation for the creator and admins.
  row(taskReadPermission, "alice's task", aliceTask, [A, D, A, D, D]),
  row(taskCancelPermission, "alice's task", aliceTask, [A, D, A, D, D]),
  row(templateDryRunPermission, 'template editor', undefined, [D, D, A, D, D]),
  row(templateManagementPermission, 'template management', undefined, [D, D, A, D, D]),
  // bookstore:tenant:apply changes the clusters: only for admins or the tenant's owner team.
  row(actionExecutePermission, 'bookstore:tenant:apply, owner team-payments', tenantApply({ owner: 'team-payments' }), [A, D, A, D, D]),
  row(actionExecutePermission, 'bookstore:tenant:apply, owner team-search', tenantApply({ owner: 'team-search' }), [D, A, A, D, D]),
  row(actionExecutePermission, 'bookstore:tenant:apply, owner as a ref', tenantApply({ owner: 'group:default/team-payments' }), [A, D, A, D, D]),
  row(actionExecutePermission, 'bookstore:tenant:apply, owner in another namespace', tenantApply({ owner: 'group:partners/team-payments' }), [D, D, A, D, D]),
  row(actionExecutePermission, 'bookstore:tenant:apply without an owner', tenantApply({}), [D, D, A, D, D]),
  // bookstore:tenant renders into the repository: open, whatever its input says.
  row(actionExecutePermission, 'bookstore:tenant', tenant({ owner: 'team-payments' }), [A, A, A, A, D]),
  row(actionExecutePermission, "bookstore:tenant with another team and an input named mode: apply", tenant({ owner: 'team-orders', mode: 'apply' }), [A, A, A, A, D]),
  row(actionExecutePermission, 'another action', { action: 'debug:log', input: { owner: 'team-orders' } }, [A, A, A, A, D]),
  // Unknown permissions: denied to every user, admins included.
  row(createPermission({ name: 'pagerduty.incident.trigger', attributes: {} }), 'unknown permission', undefined, [D, D, D, D, D]),
  row(createPermission({ name: 'kubernetes.proxy', attributes: {} }), 'Kubernetes API proxy', undefined, [D, D, A, D, D]),
  row(createPermission({ name: 'kubernetes.resources.read', attributes: { action: 'read' } }), 'Kubernetes tab', undefined, [A, A, A, A, D]),
  // Scorecards are readable, and runnable, by everyone.
  row(createPermission({ name: 'tech-insights.check.read', attributes: { action: 'read' } }), 'scorecard checks', undefined, [A, A, A, A, D]),
  row(createPermission({ name: 'tech-insights.check.run', attributes: { action: 'update' } }), 'running the checks', undefined, [A, A, A, A, D]),
  row(createPermission({ name: 'tech-insights.fact-retriever.read', attributes: { action: 'read' } }), 'scorecard facts', undefined, [A, A, A, A, D]),
  // Services and tenants owned by a team one is not in: admins only.
  row(bookstoreAnyTeamOwnerPermission, 'owner of any team', undefined, [D, D, A, D, D]),
  // Third parties' state and the portal's mappings to them; scheduled tasks: admins only.
  row(bookstoreIntegrationWritePermission, 'PagerDuty or Argo CD change', undefined, [D, D, A, D, D]),
  row(bookstoreSchedulerTriggerPermission, 'trigger or cancel a scheduled task', undefined, [D, D, A, D, D]),
  // The Adoption page's figures (active users, template runs): admins only.
  row(adoptionSummaryReadPermission, 'adoption figures', undefined, [D, D, A, D, D]),
];

describe('TeamLabelPolicy', () => {
  describe.each(
    table.map(([permission, label, resource, expected]) => ({
      title: `${permission.name} on ${label}`,
      permission,
      resource,
      expected,
    })),
  )('$title', ({ permission, resource, expected }) => {
    it.each(Object.entries(expected))('as %s: %s', async (who, result) => {
      const decision = await policy.handle({ permission }, userOf(who as Who));
      expect(outcome(decision, resource)).toBe(result);
    });
  });

  it('sends the template and Location rule to the catalog as one filter it can run in the database, with one condition for all the teams', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      userOf('alice'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          anyOf: [
            {
              rule: 'IS_ENTITY_KIND',
              resourceType: 'catalog-entity',
              params: { kinds: ['Location'] },
            },
            {
              allOf: [
                {
                  rule: 'HAS_LABEL',
                  resourceType: 'catalog-entity',
                  params: { label: LABEL },
                },
                {
                  not: {
                    rule: 'HAS_LABEL_VALUE_IN',
                    resourceType: 'catalog-entity',
                    params: {
                      label: LABEL,
                      values: ['team-payments', 'engineering', 'bookstore'],
                    },
                  },
                },
                {
                  rule: 'IS_ENTITY_KIND',
                  resourceType: 'catalog-entity',
                  params: { kinds: ['Template'] },
                },
              ],
            },
          ],
        },
      },
    });
  });

  it('shows a user without groups the unlabelled templates only', async () => {
    const loner = new TeamLabelPolicy({
      config: { labelKey: LABEL, adminGroups: [] },
      userInfo: {
        getUserInfo: async () => ({
          userEntityRef: 'user:development/guest',
          ownershipEntityRefs: ['user:development/guest'],
        }),
      },
    });
    const decision = await loner.handle(
      { permission: catalogEntityReadPermission },
      userOf('alice'),
    );
    expect(outcome(decision, template('hello'))).toBe('ALLOW');
    expect(outcome(decision, template('pay', 'team-payments'))).toBe('DENY');
    expect(
      outcome(decision, component('gw', 'team-payments', 'team-search')),
    ).toBe('ALLOW');
  });

  it('uses the configured label key', async () => {
    const custom = new TeamLabelPolicy({
      config: { labelKey: 'example.com/owner-team', adminGroups: [] },
      userInfo: {
        getUserInfo: async () => ({
          userEntityRef: 'user:default/alice',
          ownershipEntityRefs: [...people.alice],
        }),
      },
    });
    const decision = await custom.handle(
      { permission: catalogEntityReadPermission },
      userOf('alice'),
    );
    const labelled = (key: string) => ({
      ...template('pay'),
      metadata: { name: 'pay', labels: { [key]: 'team-search' } },
    });
    expect(outcome(decision, labelled('example.com/owner-team'))).toBe('DENY');
    expect(outcome(decision, labelled(LABEL))).toBe('ALLOW');
  });

  it('records task ownership against the ref exactly as issued', async () => {
    const decision = await policy.handle(
      { permission: taskReadPermission },
      userOf('alice'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alice'] },
      },
    });
  });
});
