import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  K8sObject,
  lintChart,
  renderChart,
  templateChart,
} from './__testUtils__/helm';
import { chartDir, repoRoot } from './__testUtils__/paths';

jest.setTimeout(120_000);

const readOnlyVerbs = new Set(['get', 'list', 'watch']);
const secretLooking =
  /(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|_KEY$)/i;

/** The Kubernetes object model (OpenAPI schema) for an apiVersion/kind, from kubernetes-models. */
function modelFor(object: K8sObject): { validate(): void } {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const path = group
    ? `${group}/${version}/${object.kind}`
    : `${version}/${object.kind}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = require(`kubernetes-models/${path}`)[object.kind];
  return new Model(object);
}

const byKind = (objects: K8sObject[], kind: string) =>
  objects.filter(o => o.kind === kind);
const one = (objects: K8sObject[], kind: string) => {
  const found = byKind(objects, kind);
  expect(found).toHaveLength(1);
  return found[0];
};
const backendContainer = (objects: K8sObject[]) =>
  one(objects, 'Deployment').spec.template.spec.containers.find(
    (c: any) => c.name === 'backend',
  );
const envNames = (objects: K8sObject[]) =>
  backendContainer(objects).env.map((e: any) => e.name as string);

/** ${VAR} and ${VAR:-default} references of an app-config file. */
function configVariables(file: string): {
  required: string[];
  withDefault: string[];
} {
  const text = readFileSync(join(repoRoot, file), 'utf8')
    .split('\n')
    .filter(l => !l.trim().startsWith('#'))
    .join('\n');
  const required = new Set<string>();
  const withDefault = new Set<string>();
  for (const [, name, fallback] of text.matchAll(/\$\{(\w+)(:-[^}]*)?\}/g)) {
    (fallback ? withDefault : required).add(name);
  }
  return { required: [...required], withDefault: [...withDefault] };
}

/** `binding` grants `role` to the portal's ServiceAccount, in the release's namespace. */
function expectBindsToPortal(
  binding: K8sObject,
  role: K8sObject,
  account: K8sObject,
) {
  expect(binding.roleRef).toEqual({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: role.kind,
    name: role.metadata.name,
  });
  expect(binding.subjects).toEqual([
    {
      kind: 'ServiceAccount',
      name: account.metadata.name,
      namespace: 'bookstore-portal',
    },
  ]);
}

describe('the Helm chart', () => {
  let defaults: K8sObject[];
  let production: K8sObject[];
  let trial: K8sObject[];
  const productionValues = parseYaml(
    readFileSync(join(chartDir, 'ci/production-values.yaml'), 'utf8'),
  );

  beforeAll(async () => {
    [defaults, production, trial] = await Promise.all([
      renderChart(),
      renderChart({ valuesFiles: ['ci/production-values.yaml'] }),
      renderChart({ valuesFiles: ['ci/trial-values.yaml'] }),
    ]);
  });

  it.each([
    ['default values', []],
    ['production-like values', ['ci/production-values.yaml']],
    ['trial values', ['ci/trial-values.yaml']],
  ])('passes helm lint --strict with %s', async (_, valuesFiles) => {
    const result = await lintChart({ valuesFiles });
    expect(result.stderr).not.toMatch(/\[(ERROR|WARNING)\]/);
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.code).toBe(0);
  });

  it('renders Kubernetes objects that validate against the Kubernetes API schemas', () => {
    for (const objects of [defaults, production, trial]) {
      for (const object of objects) {
        expect(() => modelFor(object).validate()).not.toThrow();
        expect(object.metadata.labels?.['app.kubernetes.io/instance']).toBe(
          'portal',
        );
      }
    }
    expect(defaults.map(o => o.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    expect(production.map(o => o.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
  });

  it('probes the backend on its health endpoints', () => {
    for (const objects of [defaults, production]) {
      const container = backendContainer(objects);
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 7007, protocol: 'TCP' },
      ]);
      expect(container.readinessProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/readiness',
        port: 'http',
      });
      expect(container.livenessProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/liveness',
        port: 'http',
      });
      expect(container.startupProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/liveness',
        port: 'http',
      });
      expect(container.resources.requests).toEqual(
        expect.objectContaining({
          cpu: expect.anything(),
          memory: expect.anything(),
        }),
      );
      expect(container.resources.limits.memory).toBeDefined();
    }
  });

  it('runs as non-root on a read-only root filesystem, without privileges or capabilities', () => {
    for (const objects of [defaults, production, trial]) {
      const workloads = [
        ...byKind(objects, 'Deployment'),
        ...byKind(objects, 'StatefulSet'),
      ];
      for (const workload of workloads) {
        const pod = workload.spec.template.spec;
        expect(pod.securityContext).toEqual(
          expect.objectContaining({
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          }),
        );
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        for (const container of pod.containers) {
          expect(container.securityContext).toEqual({
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            privileged: false,
            capabilities: { drop: ['ALL'] },
          });
        }
      }
    }
    // Where the backend writes: /tmp (scaffolder, working directory) and the TechDocs directory.
    const pod = one(defaults, 'Deployment').spec.template.spec;
    const mounts = backendContainer(defaults).volumeMounts;
    expect(mounts).toEqual(
      expect.arrayContaining([
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'techdocs', mountPath: '/app/techdocs', readOnly: false },
      ]),
    );
    expect(pod.volumes).toEqual(
      expect.arrayContaining([
        { name: 'tmp', emptyDir: { sizeLimit: '2Gi' } },
        { name: 'techdocs', emptyDir: {} },
      ]),
    );
    // Production: the TechDocs sites come read-only from the claim CI publishes into.
    expect(one(production, 'Deployment').spec.template.spec.volumes).toEqual(
      expect.arrayContaining([
        {
          name: 'techdocs',
          persistentVolumeClaim: {
            claimName: 'bookstore-portal-techdocs',
            readOnly: true,
          },
        },
      ]),
    );
  });

  it('passes every variable of the production app-config, secrets only by reference', () => {
    const production_ = configVariables('app-config.production.yaml');
    const base = configVariables('app-config.yaml');
    // In-cluster, the Kubernetes plugin uses the pod's own mounted ServiceAccount token and CA.
    const inClusterOnly = ['K8S_SERVICE_ACCOUNT_TOKEN', 'K8S_CLUSTER_CA_DATA'];
    // Unset by default (no link rather than one to a host that does not exist): passed when
    // grafana.url and argocd.uiUrl are set (see below).
    const linksWhenSet = ['GRAFANA_URL', 'ARGOCD_UI_URL'];
    expect(envNames(defaults)).toEqual(
      expect.arrayContaining(
        production_.required.filter(
          v => !inClusterOnly.includes(v) && !linksWhenSet.includes(v),
        ),
      ),
    );
    expect(envNames(production)).toEqual(expect.arrayContaining(linksWhenSet));
    expect(envNames(defaults)).toEqual(
      expect.arrayContaining(['PGSSLMODE', 'TECHDOCS_PUBLISH_DIR']),
    );
    // With every option set, every variable the production config reads is passed.
    const everything = [...production_.required, ...production_.withDefault];
    expect(envNames(production)).toEqual(expect.arrayContaining(everything));
    // The local config's personal token is never passed: production is the GitHub App.
    expect(base.required).toEqual(expect.arrayContaining(['GITHUB_TOKEN']));
    for (const objects of [defaults, production, trial]) {
      expect(envNames(objects)).not.toContain('GITHUB_TOKEN');
    }

    for (const objects of [defaults, production, trial]) {
      const secretEnv = [
        ...byKind(objects, 'Deployment'),
        ...byKind(objects, 'StatefulSet'),
      ]
        .flatMap(workload => workload.spec.template.spec.containers)
        .flatMap((container: any) => container.env ?? [])
        .filter((entry: any) => secretLooking.test(entry.name));
      expect(secretEnv.length).toBeGreaterThan(0);
      // Never a literal value: a reference to a key of an existing Secret.
      expect(secretEnv.filter((entry: any) => 'value' in entry)).toEqual([]);
      expect(
        secretEnv.filter(
          (entry: any) =>
            !(
              entry.valueFrom?.secretKeyRef?.name &&
              entry.valueFrom.secretKeyRef.key
            ),
        ),
      ).toEqual([]);
      // The chart creates no Secret: they exist already (e.g. made by External Secrets).
      expect(byKind(objects, 'Secret')).toEqual([]);
    }
    const env = Object.fromEntries(
      backendContainer(production).env.map((e: any) => [e.name, e]),
    );
    expect(env.BACKEND_SECRET.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal-prod',
      key: 'backend-secret',
    });
    expect(env.POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal-db-app',
      key: 'password',
    });
    expect(env.POSTGRES_USER.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal-db-app',
      key: 'username',
    });
    expect(env.ARGOCD_AUTH_TOKEN.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal-argocd',
      key: 'token',
    });
    expect(env.K8S_SERVICE_ACCOUNT_TOKEN.valueFrom.secretKeyRef.name).toBe(
      'bookstore-portal-cluster-reader',
    );
    expect(env.KEYCLOAK_CLIENT_SECRET.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal-keycloak',
      key: 'client-secret',
    });
    expect(env.GRAFANA_TOKEN.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal-grafana',
      key: 'token',
    });
    expect(env.ARGOCD_URL.value).toBe('https://argocd.bookstore.example');
    // The golden path's links to a new service's Argo CD Application and Grafana dashboard.
    expect(env.ARGOCD_UI_URL.value).toBe('https://argocd.bookstore.example');
    expect(env.GRAFANA_URL.value).toBe('https://grafana.bookstore.example');
    // Unset by default: no link rather than one to a host that does not exist.
    expect(envNames(defaults)).not.toContain('GRAFANA_URL');
    expect(envNames(defaults)).not.toContain('ARGOCD_UI_URL');
    expect(env.PORTAL_BASE_URL.value).toBe('https://portal.bookstore.example');
    expect(env.PGSSLMODE.value).toBe('verify-full');
  });

  it('authenticates GitHub as the GitHub App, never with a personal token, and configures the catalog providers', async () => {
    const productionConfig = parseYaml(
      readFileSync(join(repoRoot, 'app-config.production.yaml'), 'utf8'),
    );
    /** The GitHub integrations the backend gets: the extra config's replace production's. */
    const githubIntegrations = (objects: K8sObject[]) => {
      const extra = byKind(objects, 'ConfigMap')[0]?.data?.[
        'app-config.extra.yaml'
      ];
      return (
        (extra && parseYaml(extra)?.integrations?.github) ??
        productionConfig.integrations.github
      );
    };
    const personalTokens = (objects: K8sObject[]) =>
      githubIntegrations(objects).filter((i: any) => 'token' in i);

    for (const objects of [defaults, production, trial]) {
      expect(personalTokens(objects)).toEqual([]);
      for (const integration of githubIntegrations(objects)) {
        expect(integration.apps).toEqual([
          {
            appId: '${GITHUB_APP_ID}',
            clientId: '${GITHUB_APP_CLIENT_ID}',
            clientSecret: '${GITHUB_APP_CLIENT_SECRET}',
            webhookSecret: '${GITHUB_APP_WEBHOOK_SECRET}',
            privateKey: '${GITHUB_APP_PRIVATE_KEY}',
          },
        ]);
      }
      const env = Object.fromEntries(
        backendContainer(objects).env.map((e: any) => [e.name, e]),
      );
      expect(env.GITHUB_APP_PRIVATE_KEY.valueFrom.secretKeyRef.key).toBe(
        'github-app-private-key',
      );
    }
    expect(Object.keys(productionConfig.catalog.providers).sort()).toEqual([
      'argocdApplications',
      'github',
      'keycloakOrg',
    ]);
    expect(
      productionConfig.catalog.locations.map((l: any) => l.target),
    ).not.toContain('./examples/catalog/org.yaml');

    // Values that re-introduce a personal token are caught.
    const withToken = await renderChart({
      values: {
        portal: {
          extraAppConfig: {
            integrations: {
              github: [{ host: 'github.com', token: '${GITHUB_TOKEN}' }],
            },
          },
        },
      },
    });
    expect(personalTokens(withToken)).toHaveLength(1);
  });

  it('mounts the extra app-config read-only and passes it as the last --config', () => {
    const configMap = one(production, 'ConfigMap');
    expect(Object.keys(configMap.data)).toEqual(['app-config.extra.yaml']);
    expect(parseYaml(configMap.data['app-config.extra.yaml'])).toEqual(
      productionValues.portal.extraAppConfig,
    );
    // A secret in the extra config is an ${ENV} reference only.
    expect(configMap.data['app-config.extra.yaml']).toContain(
      'Authorization: Bearer ${GRAFANA_TOKEN}',
    );

    const container = backendContainer(production);
    const pod = one(production, 'Deployment').spec.template.spec;
    expect(container.volumeMounts).toContainEqual({
      name: 'app-config',
      mountPath: '/app/config',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({
      name: 'app-config',
      configMap: { name: configMap.metadata.name },
    });
    expect(container.args).toEqual([
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      '/app/config/app-config.extra.yaml',
    ]);
    // Without an extra config: the image's own two.
    expect(backendContainer(defaults).args).toEqual([
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
    // A config change rolls the pods.
    const checksum = (objects: K8sObject[]) =>
      one(objects, 'Deployment').spec.template.metadata.annotations[
        'checksum/app-config'
      ];
    expect(checksum(production)).not.toEqual(checksum(defaults));
  });

  it('grants read-only RBAC on what the Kubernetes tab and the BookstoreTenant view show', () => {
    const role = one(defaults, 'ClusterRole');
    const binding = one(defaults, 'ClusterRoleBinding');
    const account = one(defaults, 'ServiceAccount');
    for (const rule of role.rules) {
      expect(rule.verbs.filter((v: string) => !readOnlyVerbs.has(v))).toEqual(
        [],
      );
      expect(rule.resources).not.toContain('*');
      expect(rule.resources).not.toContain('secrets');
      expect(rule.apiGroups).not.toContain('*');
    }
    const allowed = (group: string, resource: string) =>
      role.rules
        .filter(
          (r: any) =>
            r.apiGroups.includes(group) && r.resources.includes(resource),
        )
        .flatMap((r: any) => r.verbs);
    const xrd = parseYaml(
      readFileSync(join(repoRoot, 'examples/crossplane/xrd.yaml'), 'utf8'),
    );
    const expected: [string, string][] = [
      ...[
        'pods',
        'services',
        'configmaps',
        'limitranges',
        'resourcequotas',
      ].map(r => ['', r] as [string, string]),
      ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map(
        r => ['apps', r] as [string, string],
      ),
      ['networking.k8s.io', 'ingresses'],
      ['autoscaling', 'horizontalpodautoscalers'],
      ['batch', 'jobs'],
      ['batch', 'cronjobs'],
      // The BookstoreTenant XRD's own names: the claim and the composite.
      [xrd.spec.group, xrd.spec.claimNames.plural],
      [xrd.spec.group, xrd.spec.names.plural],
      ['apiextensions.crossplane.io', 'compositions'],
      ['apiextensions.crossplane.io', 'compositeresourcedefinitions'],
      // What the tenant's composite composes (examples/crossplane/composition.yaml) and its events.
      ['', 'namespaces'],
      ['', 'events'],
      ['networking.k8s.io', 'networkpolicies'],
      ['rbac.authorization.k8s.io', 'rolebindings'],
    ];
    expect(xrd.spec.group).toBe('platform.bookstore.io');
    for (const [group, resource] of expected) {
      expect({
        group,
        resource,
        verbs: allowed(group, resource).sort(),
      }).toEqual({
        group,
        resource,
        verbs: ['get', 'list', 'watch'],
      });
    }
    expectBindsToPortal(binding, role, account);
    const pod = one(defaults, 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    // In-cluster, the pod's own token reads the cluster; with a token Secret for another cluster, none is mounted.
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(account.automountServiceAccountToken).toBe(false);
    expect(
      one(production, 'Deployment').spec.template.spec
        .automountServiceAccountToken,
    ).toBe(false);
  });

  it('lets the portal patch BookstoreTenant claims only when rbac.tenantApply is enabled, in their namespace only', async () => {
    for (const objects of [defaults, production, trial]) {
      expect(
        objects.filter(o => o.kind === 'Role' || o.kind === 'RoleBinding'),
      ).toEqual([]);
      for (const role of objects.filter(o => o.kind === 'ClusterRole')) {
        for (const rule of role.rules) {
          expect(
            rule.verbs.filter((v: string) => !readOnlyVerbs.has(v)),
          ).toEqual([]);
        }
      }
    }
    const enabled = await renderChart({
      values: {
        rbac: {
          tenantApply: { enabled: true, namespace: 'bookstore-tenants' },
        },
      },
    });
    const role = one(enabled, 'Role');
    expect(role.metadata.namespace).toBe('bookstore-tenants');
    expect(role.rules).toEqual([
      {
        apiGroups: ['platform.bookstore.io'],
        resources: ['bookstoretenants'],
        verbs: ['get', 'create', 'patch'],
      },
    ]);
    const binding = one(enabled, 'RoleBinding');
    expect(binding.metadata.namespace).toBe('bookstore-tenants');
    expectBindsToPortal(binding, role, one(enabled, 'ServiceAccount'));
  });

  it('selects the portal pods from its Service, NetworkPolicy, PodDisruptionBudget and HPA', () => {
    for (const objects of [defaults, production]) {
      const podLabels = one(objects, 'Deployment').spec.template.metadata
        .labels;
      const matches = (selector: Record<string, string>) =>
        Object.entries(selector).every(([k, v]) => podLabels[k] === v);
      const service = one(objects, 'Service');
      expect(matches(service.spec.selector)).toBe(true);
      expect(service.spec.ports).toEqual([
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      ]);
      const policy = one(objects, 'NetworkPolicy');
      expect(matches(policy.spec.podSelector.matchLabels)).toBe(true);
      expect(policy.spec.ingress[0].ports).toEqual([
        { port: 'http', protocol: 'TCP' },
      ]);
      expect(
        matches(one(objects, 'PodDisruptionBudget').spec.selector.matchLabels),
      ).toBe(true);
    }
    expect(one(defaults, 'PodDisruptionBudget').spec).toEqual(
      expect.objectContaining({ maxUnavailable: 1 }),
    );
    expect(one(production, 'PodDisruptionBudget').spec).toEqual(
      expect.objectContaining({ minAvailable: 2 }),
    );
    expect(one(defaults, 'Deployment').spec.replicas).toBe(2);

    const hpa = one(production, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: one(production, 'Deployment').metadata.name,
    });
    expect(hpa.spec).toEqual(
      expect.objectContaining({ minReplicas: 3, maxReplicas: 8 }),
    );
    // The HPA owns the replica count.
    expect(one(production, 'Deployment').spec.replicas).toBeUndefined();

    const policy = one(production, 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress[0].from).toEqual(
      productionValues.networkPolicy.ingressFrom,
    );
    expect(policy.spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });

  it('exposes the portal at the host of its base URL through an optional Ingress', () => {
    expect(byKind(defaults, 'Ingress')).toEqual([]);
    const ingress = one(production, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([
      {
        hosts: ['portal.bookstore.example'],
        secretName: 'bookstore-portal-tls',
      },
    ]);
    expect(ingress.spec.rules).toEqual([
      {
        host: 'portal.bookstore.example',
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: {
                service: {
                  name: one(production, 'Service').metadata.name,
                  port: { name: 'http' },
                },
              },
            },
          ],
        },
      },
    ]);
    const image = backendContainer(production).image;
    expect(image).toBe(
      `${productionValues.image.repository}@${productionValues.image.digest}`,
    );
    expect(backendContainer(defaults).image).toMatch(/:0\.1\.0$/);
  });

  it('runs a PostgreSQL inside the release for trials, reachable by the portal only', () => {
    const statefulSet = one(trial, 'StatefulSet');
    const services = byKind(trial, 'Service');
    const database = services.find(
      s => s.metadata.name === statefulSet.spec.serviceName,
    )!;
    expect(database.spec.ports[0].port).toBe(5432);
    const env = Object.fromEntries(
      backendContainer(trial).env.map((e: any) => [e.name, e]),
    );
    expect(env.POSTGRES_HOST.value).toBe(database.metadata.name);
    expect(env.PGSSLMODE.value).toBe('disable');
    expect(env.POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({
      name: 'bookstore-portal',
      key: 'postgres-password',
    });
    const pgEnv = Object.fromEntries(
      statefulSet.spec.template.spec.containers[0].env.map((e: any) => [
        e.name,
        e,
      ]),
    );
    expect(pgEnv.POSTGRES_PASSWORD.valueFrom).toEqual(
      env.POSTGRES_PASSWORD.valueFrom,
    );
    const policy = byKind(trial, 'NetworkPolicy').find(
      p => p.metadata.name === database.metadata.name,
    )!;
    expect(policy.spec.podSelector.matchLabels).toEqual(database.spec.selector);
    expect(policy.spec.ingress[0].from[0].podSelector.matchLabels).toEqual(
      one(trial, 'Deployment').spec.selector.matchLabels,
    );
    // Production has no database of its own.
    expect(byKind(defaults, 'StatefulSet')).toEqual([]);
    expect(
      backendContainer(defaults).env.find(
        (e: any) => e.name === 'POSTGRES_HOST',
      ).value,
    ).toBe('postgres.bookstore-data.svc.cluster.local');
  });

  describe('refuses invalid values with the schema', () => {
    it.each([
      [
        'a replica count that is no number',
        ['replicaCount=abc'],
        "at '/replicaCount': got string, want integer",
      ],
      [
        'an unknown top-level key',
        ['replicas=3'],
        "additional properties 'replicas' not allowed",
      ],
      [
        'an unknown nested key',
        ['ingress.hostname=x'],
        "additional properties 'hostname' not allowed",
      ],
      [
        'a privileged container',
        ['securityContext.privileged=true'],
        "at '/securityContext/privileged'",
      ],
      [
        'a writable root filesystem',
        ['securityContext.readOnlyRootFilesystem=false'],
        "at '/securityContext/readOnlyRootFilesystem'",
      ],
      [
        'running as root',
        ['podSecurityContext.runAsNonRoot=false'],
        "at '/podSecurityContext/runAsNonRoot'",
      ],
      [
        'a literal secret in extraEnv',
        [
          'portal.extraEnv[0].name=OIDC_CLIENT_SECRET',
          'portal.extraEnv[0].value=hunter2',
        ],
        "at '/portal/extraEnv/0'",
      ],
      ['no Argo CD URL', ['argocd.url='], "at '/argocd/url'"],
      [
        'a base URL that is no URL',
        ['portal.baseUrl=portal.example'],
        "at '/portal/baseUrl'",
      ],
      [
        'an unknown PGSSLMODE',
        ['externalDatabase.sslMode=maybe'],
        "at '/externalDatabase/sslMode'",
      ],
      [
        'an unknown log level',
        ['portal.logLevel=verbose'],
        "at '/portal/logLevel'",
      ],
      [
        'TLS without a Secret name',
        ['ingress.enabled=true', 'ingress.tls.enabled=true'],
        "at '/ingress/tls/secretName'",
      ],
    ])('%s', async (_, set, message) => {
      const result = await templateChart({ set });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        "values don't meet the specifications of the schema",
      );
      expect(result.stderr).toContain(message);
    });
  });
});
