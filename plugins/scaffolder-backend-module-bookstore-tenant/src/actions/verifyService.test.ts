import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { GitopsConfig, readGitopsConfig } from '../lib/readGitopsConfig';
import { PublishConfig } from '../lib/readPublishConfig';
import {
  readServiceLinksConfig,
  ServiceLinksConfig,
} from '../lib/readServiceLinksConfig';
import { TaskCancelledError } from '../lib/taskCancellation';
import { createVerifyServiceAction } from './verifyService';

const entity = (
  kind: string,
  name: string,
  spec: Entity['spec'] = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});

const tenant = (name: string, owner: string) =>
  entity('Resource', name, { type: 'bookstore-tenant', owner });

const entities: Entity[] = [
  entity('Group', 'team-payments', { type: 'team', children: [] }),
  entity('Group', 'team-search', { type: 'team', children: [] }),
  entity('Group', 'engineering', { type: 'department', children: [] }),
  entity('System', 'bookstore-platform', { owner: 'platform-team' }),
  entity('Component', 'payments-gateway', {
    type: 'service',
    owner: 'team-payments',
  }),
  // Hidden from bob by the policy: still a taken name.
  entity('Component', 'secret-service', { type: 'service', owner: 'x' }),
  tenant('payments', 'group:default/team-payments'),
  tenant('search', 'team-search'),
  entity('Resource', 'cnpg-postgres', { type: 'database', owner: 'x' }),
];

/** The people of examples/catalog/org.yaml: their teams, and who is an admin. */
const people: Record<string, { teams: string[]; admin: boolean }> = {
  'user:default/alice': {
    teams: ['group:default/team-payments', 'group:default/engineering'],
    admin: false,
  },
  'user:default/bob': {
    teams: ['group:default/team-search', 'group:default/engineering'],
    admin: false,
  },
  'user:default/carol': { teams: ['group:default/portal-admins'], admin: true },
};

function userOf(credentials: BackstageCredentials): string {
  return (credentials.principal as { userEntityRef: string }).userEntityRef;
}

const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => ({
    userEntityRef: userOf(credentials),
    ownershipEntityRefs: [
      userOf(credentials),
      ...people[userOf(credentials)].teams,
    ],
  }),
});

const permissions = mockServices.permissions.mock({
  authorize: async (requests, options) =>
    requests.map(() => ({
      result:
        options?.credentials &&
        people[userOf(options.credentials)]?.admin === true
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
});

interface Files {
  catalogInfo?: string;
  tenant?: string;
  application?: string;
}

/** The files the golden path renders for notifications (new tenant acme-books, us-east). */
function renderedFiles(overrides: Files = {}): Files {
  return {
    catalogInfo: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "notifications"
  description: "Sends notifications."
  annotations:
    github.com/project-slug: "bookstore-platform/notifications"
    backstage.io/techdocs-ref: dir:.
    argocd/app-name: "bookstore-notifications-us-east"
    backstage.io/kubernetes-id: "notifications"
    prometheus.io/rule: "notifications.rules"
    platform.bookstore.io/tenant: "acme-books"
  tags: [go, rest]
  links:
    - url: "https://argocd.bookstore.example/applications/argocd/bookstore-notifications-us-east"
      title: "Argo CD (us-east)"
      icon: cloud
      type: deployment
spec:
  type: service
  lifecycle: experimental
  owner: "group:default/team-payments"
  system: "system:default/bookstore-platform"
`,
    tenant: `apiVersion: platform.bookstore.io/v1alpha1
kind: BookstoreTenant
metadata:
  name: acme-books
  namespace: bookstore-tenants
  labels:
    platform.bookstore.io/team: team-payments
spec:
  parameters:
    owner: team-payments
    tier: starter
    regions: [us-east]
`,
    application: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: "bookstore-notifications-us-east"
  namespace: argocd
spec:
  project: default
  source:
    repoURL: "file:///srv/git/notifications.git"
    targetRevision: main
    path: chart
  destination:
    name: "us-east"
    namespace: "acme-books-us-east"
`,
    ...overrides,
  };
}

/** bookstore.gitops with its defaults: tenants/ and apps/. */
const defaultGitops = readGitopsConfig(
  new ConfigReader({}),
  localPublishConfig('/srv/git'),
);

const validInput = {
  name: 'notifications',
  owner: 'group:default/team-payments',
  system: 'system:default/bookstore-platform',
  tenantMode: 'new' as const,
  tenantName: 'acme-books',
  region: 'us-east' as const,
};

describe('bookstore:service:verify', () => {
  let root: string;
  let workspacePath: string;
  let publish: PublishConfig;
  let catalog: ReturnType<typeof catalogServiceMock>;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'verify-service-'));
    workspacePath = join(root, 'workspace');
    publish = localPublishConfig(join(root, 'git'));
    catalog = catalogServiceMock({ entities });
    // The policy hides secret-service from people; the backend itself sees it.
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    jest
      .spyOn(catalog, 'getEntityByRef')
      .mockImplementation(async (ref, options) => {
        const found = await getEntityByRef(ref, options);
        const principal = (
          options as
            | { credentials?: BackstageCredentials<{ type: string }> }
            | undefined
        )?.credentials?.principal;
        const hidden =
          found?.metadata.name === 'secret-service' &&
          principal?.type === 'user';
        return hidden ? undefined : found;
      });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function verify(
    input: Record<string, unknown>,
    {
      as = 'user:default/alice',
      files = renderedFiles(),
      integrations = ScmIntegrations.fromConfig(new ConfigReader({})),
      signal,
      gitops = defaultGitops,
      links,
    }: {
      as?: string;
      files?: Files;
      integrations?: ScmIntegrations;
      signal?: AbortSignal;
      /** null: the portal has no GitOps repository. */
      gitops?: GitopsConfig | null;
      /** bookstore.grafana and bookstore.argocd; default: neither. */
      links?: ServiceLinksConfig;
    } = {},
  ) {
    // Where the golden path renders them: the GitOps change in gitops/, laid out like the
    // GitOps repository (bookstore.gitops' default tenantsDir and applicationsDir).
    const tenantName = String(
      input.tenantName ?? input.existingTenant ?? '',
    ).replace(/^.*\//, '');
    const paths = {
      catalogInfo: 'catalog-info.yaml',
      tenant: `gitops/tenants/${tenantName}.yaml`,
      application: `gitops/apps/${input.name}-${input.region}.yaml`,
    };
    for (const [key, content] of Object.entries(files)) {
      if (content !== undefined) {
        const file = join(workspacePath, paths[key as keyof Files]);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
    const action = createVerifyServiceAction({
      catalog,
      auth: mockServices.auth(),
      permissions,
      userInfo,
      publish,
      gitops: gitops ?? undefined,
      integrations,
      links,
    });
    const ctx = Object.assign(
      createMockActionContext({ input: input as any, workspacePath }),
      { getInitiatorCredentials: async () => mockCredentials.user(as), signal },
    );
    await action.handler(ctx);
    return ctx;
  }

  it('lets alice create a service of her team with a new tenant', async () => {
    const ctx = await verify(validInput);
    expect((ctx.output as jest.Mock).mock.calls).toEqual([
      ['entityRef', 'component:default/notifications'],
      ['tenant', 'acme-books'],
      ['namespace', 'acme-books-us-east'],
    ]);
  });

  it('verifies nothing in a cancelled task', async () => {
    await expect(
      verify(validInput, { signal: AbortSignal.abort() }),
    ).rejects.toThrow(
      new TaskCancelledError(
        'The task was cancelled; the service was not verified',
      ),
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('lets alice deploy into her team’s existing tenant', async () => {
    const ctx = await verify(
      {
        ...validInput,
        tenantMode: 'existing',
        tenantName: undefined,
        existingTenant: 'resource:default/payments',
      },
      {
        files: renderedFiles({
          tenant: undefined,
          catalogInfo: renderedFiles().catalogInfo!.replace(
            '"acme-books"',
            '"payments"',
          ),
          application: renderedFiles().application!.replace(
            'acme-books-us-east',
            'payments-us-east',
          ),
        }),
      },
    );
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'payments-us-east');
  });

  it('reads the claim and the Application where bookstore.gitops puts them in gitops/', async () => {
    const gitops = readGitopsConfig(
      new ConfigReader({
        bookstore: {
          gitops: {
            tenantsDir: 'platform/tenants',
            applicationsDir: 'platform/apps',
          },
        },
      }),
      publish,
    );
    await expect(verify(validInput, { gitops })).rejects.toThrow(
      'The rendered service is not what was asked for: gitops/platform/tenants/acme-books.yaml: is missing; gitops/platform/apps/notifications-us-east.yaml: is missing',
    );
  });

  it('refuses a claim rendered for an existing tenant', async () => {
    const run = verify(
      {
        ...validInput,
        tenantMode: 'existing',
        tenantName: undefined,
        existingTenant: 'resource:default/payments',
      },
      {
        files: renderedFiles({
          catalogInfo: renderedFiles().catalogInfo!.replace(
            '"acme-books"',
            '"payments"',
          ),
          application: renderedFiles().application!.replace(
            'acme-books-us-east',
            'payments-us-east',
          ),
        }),
      },
    );
    await expect(run).rejects.toThrow(
      'The rendered service is not what was asked for: gitops/tenants/payments.yaml: must not exist for an existing tenant',
    );
  });

  it('refuses to verify without a GitOps repository', async () => {
    await expect(verify(validInput, { gitops: null })).rejects.toThrow(
      new InputError(
        "tenantName: this portal has no GitOps repository for the service's tenant claim and Argo CD Application (bookstore.gitops.repository is not set in app-config)",
      ),
    );
  });

  it('lets carol, an admin, name any team', async () => {
    const ctx = await verify(validInput, { as: 'user:default/carol' });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/notifications',
    );
  });

  it('refuses bob naming team-payments as owner', async () => {
    const run = verify(validInput, { as: 'user:default/bob' });
    await expect(run).rejects.toThrow(NotAllowedError);
    await expect(run).rejects.toThrow(
      new Error(
        'owner: group:default/team-payments is not one of your teams (group:default/team-search, group:default/engineering); only portal admins may name another team',
      ),
    );
  });

  it.each([
    [
      { owner: 'team-nobody' },
      InputError,
      'owner: group:default/team-nobody is not a Group in the catalog',
    ],
    [
      { owner: 'user:default/alice' },
      InputError,
      'owner: user:default/alice is not a group ref',
    ],
    [
      { system: 'system:default/elsewhere' },
      InputError,
      'system: system:default/elsewhere is not a System in the catalog',
    ],
    [
      { system: 'component:default/payments-gateway' },
      InputError,
      'system: component:default/payments-gateway is not a system ref',
    ],
    [
      { name: 'payments-gateway' },
      ConflictError,
      'name: payments-gateway is taken; choose another name',
    ],
    [
      { name: 'secret-service' },
      ConflictError,
      'name: secret-service is taken; choose another name',
    ],
    [
      { name: 'Bad_Name' },
      InputError,
      'name: "Bad_Name" is not a service name: lowercase letters, digits and "-", starting with a letter, at most 63 characters',
    ],
    [
      { tenantName: 'search' },
      ConflictError,
      'tenantName: the tenant search already exists; choose another name, or use it as an existing tenant',
    ],
    [
      { tenantName: 'a'.repeat(51), region: 'ap-southeast' },
      InputError,
      `tenantName: the namespace ${'a'.repeat(
        51,
      )}-ap-southeast would have 64 characters; Kubernetes takes at most 63`,
    ],
  ])('refuses %j', async (change, type, message) => {
    const run = verify({ ...validInput, ...change });
    await expect(run).rejects.toThrow(type);
    await expect(run).rejects.toThrow(new Error(message));
  });

  it.each([
    [
      'resource:default/search',
      NotAllowedError,
      "existingTenant: resource:default/search is owned by group:default/team-search, not by the service's owner group:default/team-payments",
    ],
    [
      'resource:default/nowhere',
      InputError,
      'existingTenant: resource:default/nowhere is not a bookstore-tenant Resource in the catalog',
    ],
    [
      'resource:default/cnpg-postgres',
      InputError,
      'existingTenant: resource:default/cnpg-postgres is not a bookstore-tenant Resource in the catalog',
    ],
    [
      'component:default/payments-gateway',
      InputError,
      'existingTenant: component:default/payments-gateway is not a resource ref',
    ],
  ])(
    'refuses the existing tenant %s',
    async (existingTenant, type, message) => {
      const run = verify({
        ...validInput,
        tenantMode: 'existing',
        tenantName: undefined,
        existingTenant,
      });
      await expect(run).rejects.toThrow(type);
      await expect(run).rejects.toThrow(new Error(message));
    },
  );

  it('lets carol deploy into any team’s tenant', async () => {
    const ctx = await verify(
      {
        ...validInput,
        tenantMode: 'existing',
        tenantName: undefined,
        existingTenant: 'search',
      },
      {
        as: 'user:default/carol',
        files: renderedFiles({
          tenant: undefined,
          catalogInfo: renderedFiles().catalogInfo!.replace(
            '"acme-books"',
            '"search"',
          ),
          application: renderedFiles().application!.replace(
            'acme-books-us-east',
            'search-us-east',
          ),
        }),
      },
    );
    expect(ctx.output).toHaveBeenCalledWith('tenant', 'search');
  });

  it('refuses a name whose bare repository exists', async () => {
    await mkdir(join(publish.local!.directory, 'notifications.git'), {
      recursive: true,
    });
    await expect(verify(validInput)).rejects.toThrow(
      new ConflictError('name: notifications is taken; choose another name'),
    );
  });

  describe('on GitHub', () => {
    let server: Server;
    let requests: IncomingMessage[];
    let integrations: ScmIntegrations;
    const existing = new Set(['bookstore-platform/taken']);

    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(req);
        const repo = req.url?.match(/^\/api\/v3\/repos\/([^/]+\/[^/]+)$/)?.[1];
        if (req.headers.authorization !== 'Bearer ghe-token') {
          res.writeHead(401).end('{"message":"Bad credentials"}');
        } else if (repo && existing.has(repo)) {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ full_name: repo }));
        } else {
          res.writeHead(404).end('{"message":"Not Found"}');
        }
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      integrations = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'ghe.bookstore.example',
                apiBaseUrl: `http://127.0.0.1:${port}/api/v3`,
                token: 'ghe-token',
              },
            ],
          },
        }),
      );
    });
    afterAll(async () => {
      await new Promise(r => server.close(r));
    });
    beforeEach(() => {
      requests = [];
      publish = {
        target: 'github',
        github: { host: 'ghe.bookstore.example', owner: 'bookstore-platform' },
      };
    });

    it('asks GET /repos/{owner}/{repo} and lets a free name pass', async () => {
      await verify(validInput, { integrations });
      expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
        'GET /api/v3/repos/bookstore-platform/notifications',
      ]);
    });

    it('refuses a name whose repository exists', async () => {
      await expect(
        verify(
          { ...validInput, name: 'taken' },
          {
            integrations,
            files: renderedFiles({
              catalogInfo: renderedFiles().catalogInfo!.replace(
                /notifications/g,
                'taken',
              ),
              application: renderedFiles().application!.replace(
                /notifications/g,
                'taken',
              ),
            }),
          },
        ),
      ).rejects.toThrow(
        new ConflictError('name: taken is taken; choose another name'),
      );
    });

    it('fails when GitHub does not answer 200 or 404', async () => {
      existing.clear();
      integrations = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'ghe.bookstore.example',
                apiBaseUrl: integrations.github.byHost('ghe.bookstore.example')!
                  .config.apiBaseUrl,
                token: 'wrong',
              },
            ],
          },
        }),
      );
      await expect(verify(validInput, { integrations })).rejects.toThrow(
        /^Could not check whether ghe.bookstore.example\/bookstore-platform\/notifications exists: GET http:\/\/127.0.0.1:\d+\/api\/v3\/repos\/bookstore-platform\/notifications answered 401 Unauthorized$/,
      );
    });
  });

  describe('the rendered files', () => {
    const injectedGroup = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: bob-admins
spec:
  type: team
  parent: portal-admins
  children: []
  members: [bob]
`;

    it.each([
      [
        'a second document in catalog-info.yaml',
        { catalogInfo: renderedFiles().catalogInfo + injectedGroup },
        'catalog-info.yaml: holds 2 YAML documents, not 1',
      ],
      [
        'an injected annotation',
        {
          catalogInfo: renderedFiles().catalogInfo!.replace(
            '    backstage.io/techdocs-ref: dir:.\n',
            '    backstage.io/techdocs-ref: dir:.\n    backstage.io/source-location: url:https://evil.example\n',
          ),
        },
        'catalog-info.yaml metadata.annotations.backstage.io/source-location: is not expected here',
      ],
      [
        'another owner',
        {
          catalogInfo: renderedFiles().catalogInfo!.replace(
            'owner: "group:default/team-payments"',
            'owner: group:default/portal-admins',
          ),
        },
        'catalog-info.yaml spec.owner: is "group:default/portal-admins", expected "group:default/team-payments"',
      ],
      [
        'a duplicate key',
        {
          catalogInfo: renderedFiles().catalogInfo!.replace(
            '  system: "system:default/bookstore-platform"\n',
            '  system: "system:default/bookstore-platform"\n  system: other\n',
          ),
        },
        'catalog-info.yaml: is not valid YAML: Map keys must be unique at line 24, column 3',
      ],
      [
        'a Group instead of the Component',
        { catalogInfo: injectedGroup.replace('---\n', '') },
        'catalog-info.yaml kind: is "Group", expected "Component"',
      ],
      [
        'an injected spec field',
        {
          catalogInfo: `${
            renderedFiles().catalogInfo
          }  providesApis: [payments-api]\n`,
        },
        'catalog-info.yaml spec.providesApis: is not expected here',
      ],
      [
        'a missing claim',
        { tenant: undefined },
        'gitops/tenants/acme-books.yaml: is missing',
      ],
      [
        'an invalid claim',
        {
          tenant: renderedFiles().tenant!.replace(
            'tier: starter',
            'tier: huge',
          ),
        },
        'gitops/tenants/acme-books.yaml spec.parameters.tier: must be one of starter, standard, premium',
      ],
      [
        'a claim of another team',
        {
          tenant: renderedFiles().tenant!.replace(
            /team-payments/g,
            'team-search',
          ),
        },
        'gitops/tenants/acme-books.yaml spec.parameters.owner: is "team-search", expected "team-payments"',
      ],
      [
        'a second Application',
        {
          application: `${renderedFiles().application}---\n${
            renderedFiles().application
          }`,
        },
        'gitops/apps/notifications-us-east.yaml: holds 2 YAML documents, not 1',
      ],
      [
        'another namespace',
        {
          application: renderedFiles().application!.replace(
            '"acme-books-us-east"',
            'payments-us-east',
          ),
        },
        'gitops/apps/notifications-us-east.yaml spec.destination.namespace: is "payments-us-east", expected "acme-books-us-east"',
      ],
    ])('refuses %s', async (_, overrides, problem) => {
      const run = verify(validInput, { files: renderedFiles(overrides) });
      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(
        new Error(`The rendered service is not what was asked for: ${problem}`),
      );
    });

    describe('the Grafana dashboard annotation', () => {
      const grafana = readServiceLinksConfig(
        new ConfigReader({
          bookstore: {
            grafana: { baseUrl: 'https://grafana.bookstore.example' },
          },
        }),
      );
      const withDashboard = (url: string) =>
        renderedFiles({
          catalogInfo: renderedFiles().catalogInfo!.replace(
            '    prometheus.io/rule: "notifications.rules"\n',
            `    prometheus.io/rule: "notifications.rules"\n    grafana/overview-dashboard: "${url}"\n`,
          ),
        });

      it("accepts the dashboard of this portal's Grafana", async () => {
        const ctx = await verify(validInput, {
          links: grafana,
          files: withDashboard(
            'https://grafana.bookstore.example/d/notifications/notifications',
          ),
        });
        expect(ctx.output).toHaveBeenCalledWith(
          'entityRef',
          'component:default/notifications',
        );
      });

      it.each([
        [
          'none where the portal has a Grafana',
          grafana,
          renderedFiles(),
          'catalog-info.yaml metadata.annotations.grafana/overview-dashboard: is undefined, expected "https://grafana.bookstore.example/d/notifications/notifications"',
        ],
        [
          'another dashboard',
          grafana,
          withDashboard('https://evil.example/d/notifications'),
          'catalog-info.yaml metadata.annotations.grafana/overview-dashboard: is "https://evil.example/d/notifications", expected "https://grafana.bookstore.example/d/notifications/notifications"',
        ],
        [
          'one where the portal has no Grafana',
          undefined,
          withDashboard(
            'https://grafana.bookstore.example/d/notifications/notifications',
          ),
          'catalog-info.yaml metadata.annotations.grafana/overview-dashboard: is not expected here',
        ],
      ])('refuses %s', async (_, links, files, problem) => {
        await expect(verify(validInput, { links, files })).rejects.toThrow(
          new Error(
            `The rendered service is not what was asked for: ${problem}`,
          ),
        );
      });
    });
  });
});
