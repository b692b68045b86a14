import { createHash } from 'node:crypto';
import {
  FakeKubernetesApi,
  startFakeKubernetesApi,
} from '@internal/plugin-bookstore-tenant-node/testUtils';

/**
 * The three regional clusters of the e2e portal, each a fake Kubernetes API
 * (`startFakeKubernetesApi` of @internal/plugin-bookstore-tenant-node: GET, list with selectors
 * and paging, watch, server-side apply, forced failures) seeded with what a real one holds:
 * the services' Deployments, ReplicaSets, Pods, Services and HPAs in their tenants' namespaces,
 * and Crossplane's side of the tenants — BookstoreTenant claims with conditions and
 * `spec.resourceRef`, their XBookstoreTenant composites with `spec.resourceRefs`, the
 * provider-kubernetes Objects and what they compose (Namespace, RoleBinding, ResourceQuota,
 * NetworkPolicy), and the claim's Events. Each cluster is its region's Crossplane control plane.
 */

export interface FakeCluster {
  /** The cluster's name in kubernetes.clusterLocatorMethods, e.g. us-east. */
  name: string;
  region: string;
  /** The service account token in app-config.e2e.yaml. */
  token: string;
  api: FakeKubernetesApi;
}

export const CLUSTER_REGIONS = ['us-east', 'eu-west', 'ap-southeast'] as const;
export const CLAIM_NAMESPACE = 'bookstore-tenants';
const TEAM_LABEL = 'platform.bookstore.io/team';
const TENANT_GROUP_VERSION = 'platform.bookstore.io/v1alpha1';
const PLURALS: Record<string, string> = {
  Namespace: 'namespaces',
  RoleBinding: 'rolebindings',
  ResourceQuota: 'resourcequotas',
  NetworkPolicy: 'networkpolicies',
};
const QUOTAS: Record<string, { cpu: string; memory: string; pods: string }> = {
  starter: { cpu: '4', memory: '8Gi', pods: '20' },
  standard: { cpu: '16', memory: '32Gi', pods: '80' },
  premium: { cpu: '64', memory: '128Gi', pods: '300' },
};

/** A short stable hash, as Kubernetes' generated name suffixes look. */
function suffix(seed: string, length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(
    digest.subarray(0, length),
    b => alphabet[b % alphabet.length],
  ).join('');
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Workloads

export interface ServiceSeed {
  service: string;
  tenant: string;
  image: string;
  replicas: number;
  /** Pods that are not ready (CrashLoopBackOff), out of `replicas`. */
  failingPods?: number;
  port: number;
}

/** Puts a service's Deployment, ReplicaSet, Pods, Service and HPA into a cluster. */
export function seedService(cluster: FakeCluster, seed: ServiceSeed) {
  const { api, region } = cluster;
  const namespace = `${seed.tenant}-${region}`;
  const labels = {
    'app.kubernetes.io/name': seed.service,
    'app.kubernetes.io/part-of': 'bookstore-platform',
    'backstage.io/kubernetes-id': seed.service,
  };
  const hash = suffix(`${seed.service}-${seed.image}`, 10).toLowerCase();
  const replicaSetName = `${seed.service}-${hash}`;
  const failing = seed.failingPods ?? 0;
  const ready = seed.replicas - failing;
  const container = {
    name: seed.service,
    image: seed.image,
    ports: [{ name: 'http', containerPort: seed.port, protocol: 'TCP' }],
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
    readinessProbe: {
      httpGet: { path: '/readyz', port: 'http' },
      periodSeconds: 5,
    },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'http' },
      periodSeconds: 10,
    },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
  };
  const deployment = api.put(
    `/apis/apps/v1/namespaces/${namespace}/deployments/${seed.service}`,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: seed.service,
        namespace,
        labels,
        annotations: { 'deployment.kubernetes.io/revision': '12' },
        generation: 12,
      },
      spec: {
        replicas: seed.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': seed.service } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
        },
        template: {
          metadata: { labels },
          spec: { containers: [container] },
        },
      },
      status: {
        observedGeneration: 12,
        replicas: seed.replicas,
        updatedReplicas: seed.replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(failing > 0 ? { unavailableReplicas: failing } : {}),
        conditions: [
          {
            type: 'Available',
            status: ready > 0 ? 'True' : 'False',
            reason:
              ready > 0
                ? 'MinimumReplicasAvailable'
                : 'MinimumReplicasUnavailable',
            message:
              ready > 0
                ? 'Deployment has minimum availability.'
                : 'Deployment does not have minimum availability.',
            lastUpdateTime: minutesAgo(300),
            lastTransitionTime: minutesAgo(300),
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${replicaSetName}" has successfully progressed.`,
            lastUpdateTime: minutesAgo(300),
            lastTransitionTime: minutesAgo(2000),
          },
        ],
      },
    },
  );
  const replicaSet = api.put(
    `/apis/apps/v1/namespaces/${namespace}/replicasets/${replicaSetName}`,
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: replicaSetName,
        namespace,
        labels: { ...labels, 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/revision': '12' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: seed.service,
            uid: deployment.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: seed.replicas,
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': seed.service,
            'pod-template-hash': hash,
          },
        },
        template: {
          metadata: { labels: { ...labels, 'pod-template-hash': hash } },
          spec: { containers: [container] },
        },
      },
      status: {
        replicas: seed.replicas,
        fullyLabeledReplicas: seed.replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: 1,
      },
    },
  );
  for (let i = 0; i < seed.replicas; i++) {
    const name = `${replicaSetName}-${suffix(
      `${replicaSetName}-${region}-${i}`,
    )}`;
    const crashing = i >= ready;
    const startedAt = minutesAgo(290 - i);
    api.put(`/api/v1/namespaces/${namespace}/pods/${name}`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${replicaSetName}-`,
        namespace,
        labels: { ...labels, 'pod-template-hash': hash },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: replicaSetName,
            uid: replicaSet.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        containers: [container],
        nodeName: `ip-10-${20 + i}-14-${101 + i}.${region}.compute.internal`,
        serviceAccountName: seed.service,
        restartPolicy: 'Always',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Initialized',
            status: 'True',
            lastTransitionTime: startedAt,
          },
          {
            type: 'Ready',
            status: crashing ? 'False' : 'True',
            lastTransitionTime: startedAt,
          },
          {
            type: 'ContainersReady',
            status: crashing ? 'False' : 'True',
            lastTransitionTime: startedAt,
          },
          {
            type: 'PodScheduled',
            status: 'True',
            lastTransitionTime: startedAt,
          },
        ],
        hostIP: `10.${20 + i}.14.${101 + i}`,
        podIP: `10.${120 + i}.3.${17 + i}`,
        podIPs: [{ ip: `10.${120 + i}.3.${17 + i}` }],
        startTime: startedAt,
        qosClass: 'Burstable',
        containerStatuses: [
          {
            name: seed.service,
            image: seed.image,
            imageID: `${seed.image.split(':')[0]}@sha256:${createHash('sha256')
              .update(seed.image)
              .digest('hex')}`,
            containerID: `containerd://${createHash('sha256')
              .update(name)
              .digest('hex')}`,
            ready: !crashing,
            started: !crashing,
            restartCount: crashing ? 17 : 0,
            state: crashing
              ? {
                  waiting: {
                    reason: 'CrashLoopBackOff',
                    message: `back-off 5m0s restarting failed container=${seed.service} pod=${name}_${namespace}`,
                  },
                }
              : { running: { startedAt } },
            ...(crashing
              ? {
                  lastState: {
                    terminated: {
                      exitCode: 1,
                      reason: 'Error',
                      startedAt: minutesAgo(6),
                      finishedAt: minutesAgo(5),
                    },
                  },
                }
              : {}),
          },
        ],
      },
    });
  }
  api.put(`/api/v1/namespaces/${namespace}/services/${seed.service}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: seed.service, namespace, labels },
    spec: {
      type: 'ClusterIP',
      clusterIP: `172.20.${seed.port % 200}.${seed.replicas * 10}`,
      clusterIPs: [`172.20.${seed.port % 200}.${seed.replicas * 10}`],
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      selector: { 'app.kubernetes.io/name': seed.service },
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  });
  api.put(
    `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers/${seed.service}`,
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: seed.service, namespace, labels },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: seed.service,
        },
        minReplicas: seed.replicas,
        maxReplicas: seed.replicas * 3,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
      status: {
        currentReplicas: seed.replicas,
        desiredReplicas: seed.replicas,
        currentMetrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: { averageUtilization: 38, averageValue: '95m' },
            },
          },
        ],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ReadyForNewScale',
            lastTransitionTime: minutesAgo(2000),
          },
        ],
      },
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Tenants, as Crossplane keeps them

/** A BookstoreTenant claim as written in git or by the portal (no status). */
export interface TenantClaim {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: {
    parameters: {
      owner: string;
      tier?: string;
      regions: string[];
      displayName?: string;
    };
    [key: string]: unknown;
  };
}

export function tenantClaim(options: {
  name: string;
  owner: string;
  tier: string;
  regions: string[];
  displayName?: string;
}): TenantClaim {
  return {
    apiVersion: TENANT_GROUP_VERSION,
    kind: 'BookstoreTenant',
    metadata: {
      name: options.name,
      namespace: CLAIM_NAMESPACE,
      labels: { [TEAM_LABEL]: options.owner },
    },
    spec: {
      parameters: {
        owner: options.owner,
        ...(options.displayName ? { displayName: options.displayName } : {}),
        tier: options.tier,
        regions: options.regions,
      },
    },
  };
}

const claimPath = (name: string, namespace = CLAIM_NAMESPACE) =>
  `/apis/${TENANT_GROUP_VERSION}/namespaces/${namespace}/bookstoretenants/${name}`;

/** What Crossplane's readiness looks like in a cluster after reconciling a claim. */
export interface ReconcileOutcome {
  ready: boolean;
  /** When not ready: which composed resource is not ready yet. */
  unreadyResource?: string;
}

/**
 * Plays Crossplane for one claim in one cluster: the composite with its resourceRefs, the
 * provider-kubernetes Objects and what they create in the cluster's region, the claim's
 * `spec.resourceRef` and `status.conditions`, and the claim's Events. The claim must be stored.
 */
export function reconcileTenant(
  cluster: FakeCluster,
  name: string,
  outcome: ReconcileOutcome = { ready: true },
  namespace = CLAIM_NAMESPACE,
) {
  const { api, region } = cluster;
  const path = claimPath(name, namespace);
  const claim = api.object(path);
  if (!claim) {
    throw new Error(
      `no BookstoreTenant ${namespace}/${name} in cluster ${cluster.name}`,
    );
  }
  const params = claim.spec.parameters;
  const tier = params.tier ?? 'starter';
  const owner = params.owner;
  const compositeName = `${name}-${suffix(`${cluster.name}/${name}`)}`;
  const tenantNamespace = `${name}-${region}`;
  const reconciledAt = new Date().toISOString();
  const conditions = (ready: boolean, unready?: string) => [
    {
      type: 'Synced',
      status: 'True',
      reason: 'ReconcileSuccess',
      lastTransitionTime: reconciledAt,
      observedGeneration: 1,
    },
    ready
      ? {
          type: 'Ready',
          status: 'True',
          reason: 'Available',
          lastTransitionTime: reconciledAt,
          observedGeneration: 1,
        }
      : {
          type: 'Ready',
          status: 'False',
          reason: 'Creating',
          message: `Unready resources: ${unready}`,
          lastTransitionTime: reconciledAt,
          observedGeneration: 1,
        },
  ];

  // What the Composition renders for the region this control plane serves.
  const composed: Array<{ resource: string; manifest: Record<string, any> }> = [
    {
      resource: `${region}-namespace`,
      manifest: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: tenantNamespace,
          labels: {
            'platform.bookstore.io/tenant': name,
            [TEAM_LABEL]: owner,
            'platform.bookstore.io/tier': tier,
            'pod-security.kubernetes.io/enforce': 'restricted',
          },
        },
      },
    },
    {
      resource: `${region}-rbac`,
      manifest: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `${owner}-edit`, namespace: tenantNamespace },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'edit',
        },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: owner },
        ],
      },
    },
    {
      resource: `${region}-quota`,
      manifest: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'tenant-quota', namespace: tenantNamespace },
        spec: {
          hard: {
            'requests.cpu': QUOTAS[tier].cpu,
            'requests.memory': QUOTAS[tier].memory,
            'limits.cpu': QUOTAS[tier].cpu,
            'limits.memory': QUOTAS[tier].memory,
            pods: QUOTAS[tier].pods,
          },
        },
      },
    },
    {
      resource: `${region}-network-policy`,
      manifest: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'default-deny-except-platform',
          namespace: tenantNamespace,
        },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                { podSelector: {} },
                {
                  namespaceSelector: {
                    matchLabels: { 'platform.bookstore.io/role': 'ingress' },
                  },
                },
                {
                  namespaceSelector: {
                    matchLabels: {
                      'platform.bookstore.io/role': 'monitoring',
                    },
                  },
                },
              ],
            },
          ],
        },
      },
    },
  ];

  const resourceRefs = composed.map(c => ({
    apiVersion: 'kubernetes.crossplane.io/v1alpha2',
    kind: 'Object',
    name: `${compositeName}-${suffix(`${compositeName}/${c.resource}`)}`,
  }));
  composed.forEach((c, i) => {
    const objectReady = outcome.ready || c.resource !== outcome.unreadyResource;
    // The real objects in the cluster, as provider-kubernetes creates them.
    const { apiVersion, kind, metadata } = c.manifest;
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    const plural = PLURALS[kind];
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const objectPath = metadata.namespace
      ? `${base}/namespaces/${metadata.namespace}/${plural}/${metadata.name}`
      : `${base}/${plural}/${metadata.name}`;
    if (objectReady) {
      api.put(objectPath, {
        ...c.manifest,
        ...(kind === 'Namespace'
          ? {
              spec: { finalizers: ['kubernetes'] },
              status: { phase: 'Active' },
            }
          : {}),
        ...(kind === 'ResourceQuota'
          ? {
              status: {
                hard: c.manifest.spec.hard,
                used: {
                  pods: '0',
                  'requests.cpu': '0',
                  'requests.memory': '0',
                  'limits.cpu': '0',
                  'limits.memory': '0',
                },
              },
            }
          : {}),
      });
    }
    api.put(
      `/apis/kubernetes.crossplane.io/v1alpha2/objects/${resourceRefs[i].name}`,
      {
        apiVersion: 'kubernetes.crossplane.io/v1alpha2',
        kind: 'Object',
        metadata: {
          name: resourceRefs[i].name,
          labels: {
            'crossplane.io/claim-name': name,
            'crossplane.io/claim-namespace': namespace,
            'crossplane.io/composite': compositeName,
          },
          annotations: {
            'crossplane.io/composition-resource-name': c.resource,
            'crossplane.io/external-name': metadata.name,
          },
          ownerReferences: [
            {
              apiVersion: TENANT_GROUP_VERSION,
              kind: 'XBookstoreTenant',
              name: compositeName,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          deletionPolicy: 'Delete',
          managementPolicies: ['*'],
          providerConfigRef: { name: region },
          forProvider: { manifest: c.manifest },
          readiness: { policy: 'SuccessfulCreate' },
        },
        status: {
          atProvider: objectReady ? { manifest: c.manifest } : {},
          conditions: [
            {
              type: 'Synced',
              status: 'True',
              reason: 'ReconcileSuccess',
              lastTransitionTime: reconciledAt,
            },
            objectReady
              ? {
                  type: 'Ready',
                  status: 'True',
                  reason: 'Available',
                  lastTransitionTime: reconciledAt,
                }
              : {
                  type: 'Ready',
                  status: 'False',
                  reason: 'Creating',
                  lastTransitionTime: reconciledAt,
                },
          ],
        },
      },
    );
  });

  const compositeConditions = conditions(
    outcome.ready,
    outcome.unreadyResource,
  );
  api.put(`/apis/${TENANT_GROUP_VERSION}/xbookstoretenants/${compositeName}`, {
    apiVersion: TENANT_GROUP_VERSION,
    kind: 'XBookstoreTenant',
    metadata: {
      name: compositeName,
      generateName: `${name}-`,
      labels: {
        'crossplane.io/claim-name': name,
        'crossplane.io/claim-namespace': namespace,
        'crossplane.io/composite': compositeName,
        [TEAM_LABEL]: owner,
      },
      finalizers: ['composite.apiextensions.crossplane.io'],
    },
    spec: {
      parameters: params,
      claimRef: {
        apiVersion: TENANT_GROUP_VERSION,
        kind: 'BookstoreTenant',
        name,
        namespace,
      },
      compositionRef: { name: 'bookstoretenant-kubernetes' },
      compositionRevisionRef: { name: 'bookstoretenant-kubernetes-8b1c2d4' },
      compositionUpdatePolicy: 'Automatic',
      resourceRefs,
    },
    status: { conditions: compositeConditions },
  });

  api.put(path, {
    ...claim,
    metadata: {
      ...claim.metadata,
      finalizers: ['finalizer.apiextensions.crossplane.io'],
    },
    spec: {
      ...claim.spec,
      compositeDeletePolicy: 'Background',
      compositionRef: { name: 'bookstoretenant-kubernetes' },
      compositionRevisionRef: { name: 'bookstoretenant-kubernetes-8b1c2d4' },
      compositionUpdatePolicy: 'Automatic',
      resourceRef: {
        apiVersion: TENANT_GROUP_VERSION,
        kind: 'XBookstoreTenant',
        name: compositeName,
      },
    },
    status: { conditions: compositeConditions },
  });

  const involvedObject = {
    kind: 'BookstoreTenant',
    namespace,
    name,
    uid: claim.metadata.uid,
    apiVersion: TENANT_GROUP_VERSION,
    resourceVersion: claim.metadata.resourceVersion,
  };
  const events: Array<{ reason: string; message: string; type: string }> = [
    {
      reason: 'ConfigureCompositeResource',
      message: 'Successfully applied composite resource',
      type: 'Normal',
    },
    {
      reason: 'BindCompositeResource',
      message: 'Composite resource is not yet ready',
      type: 'Normal',
    },
    outcome.ready
      ? {
          reason: 'BindCompositeResource',
          message: 'Successfully bound composite resource',
          type: 'Normal',
        }
      : {
          reason: 'ComposeResources',
          message: `Unready resources: ${outcome.unreadyResource}`,
          type: 'Warning',
        },
  ];
  events.forEach((event, i) => {
    const eventName = `${name}.${createHash('sha256')
      .update(`${cluster.name}/${name}/${i}`)
      .digest('hex')
      .slice(0, 16)}`;
    api.put(`/api/v1/namespaces/${namespace}/events/${eventName}`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName, namespace },
      involvedObject,
      reason: event.reason,
      message: event.message,
      source: {
        component:
          'offered/compositeresourcedefinition.apiextensions.crossplane.io',
      },
      firstTimestamp: reconciledAt,
      lastTimestamp: reconciledAt,
      count: 1,
      type: event.type,
      reportingComponent:
        'offered/compositeresourcedefinition.apiextensions.crossplane.io',
      reportingInstance: '',
    });
  });
}

/**
 * A claim reaches a control plane the way GitOps does it (Argo CD's server-side apply, field
 * manager argocd-controller, over the fake's HTTP API), then Crossplane reconciles it.
 */
export async function syncTenantClaim(
  cluster: FakeCluster,
  claim: TenantClaim,
  outcome: ReconcileOutcome = { ready: true },
) {
  const namespace = claim.metadata.namespace ?? CLAIM_NAMESPACE;
  const path = claimPath(claim.metadata.name, namespace);
  const response = await fetch(
    `${cluster.api.url}${path}?fieldManager=argocd-controller&force=true`,
    {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${cluster.token}`,
        'Content-Type': 'application/apply-patch+yaml',
      },
      body: JSON.stringify(claim),
    },
  );
  if (!response.ok) {
    throw new Error(
      `applying ${path} to ${cluster.name} answered ${
        response.status
      }: ${await response.text()}`,
    );
  }
  reconcileTenant(cluster, claim.metadata.name, outcome, namespace);
  return path;
}

/** Starts the three clusters, empty, serving the kinds of {@link API_RESOURCES}. */
export async function startFakeClusters(): Promise<FakeCluster[]> {
  return Promise.all(
    CLUSTER_REGIONS.map(async region => {
      const token = `e2e-${region}-token`;
      const api = await startFakeKubernetesApi({ token });
      for (const [apiVersion, resources] of Object.entries(API_RESOURCES)) {
        for (const [plural, kind, namespaced] of resources) {
          api.serveResource({ apiVersion, kind, plural, namespaced });
        }
      }
      return { name: region, region, token, api };
    }),
  );
}

/** The kinds the e2e clusters serve, per group version: `[plural, kind, namespaced]`. */
const API_RESOURCES: Record<string, Array<[string, string, boolean]>> = {
  v1: [
    ['configmaps', 'ConfigMap', true],
    ['events', 'Event', true],
    ['limitranges', 'LimitRange', true],
    ['namespaces', 'Namespace', false],
    ['pods', 'Pod', true],
    ['resourcequotas', 'ResourceQuota', true],
    ['secrets', 'Secret', true],
    ['serviceaccounts', 'ServiceAccount', true],
    ['services', 'Service', true],
  ],
  'apps/v1': [
    ['daemonsets', 'DaemonSet', true],
    ['deployments', 'Deployment', true],
    ['replicasets', 'ReplicaSet', true],
    ['statefulsets', 'StatefulSet', true],
  ],
  'autoscaling/v2': [
    ['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true],
  ],
  'batch/v1': [
    ['cronjobs', 'CronJob', true],
    ['jobs', 'Job', true],
  ],
  'networking.k8s.io/v1': [
    ['ingresses', 'Ingress', true],
    ['networkpolicies', 'NetworkPolicy', true],
  ],
  'rbac.authorization.k8s.io/v1': [
    ['clusterrolebindings', 'ClusterRoleBinding', false],
    ['clusterroles', 'ClusterRole', false],
    ['rolebindings', 'RoleBinding', true],
    ['roles', 'Role', true],
  ],
  [TENANT_GROUP_VERSION]: [
    ['bookstoretenants', 'BookstoreTenant', true],
    ['xbookstoretenants', 'XBookstoreTenant', false],
  ],
  'kubernetes.crossplane.io/v1alpha2': [['objects', 'Object', false]],
};

/** Stores a claim as if a platform engineer had applied it with kubectl, and reconciles it. */
export function seedTenant(
  cluster: FakeCluster,
  claim: TenantClaim,
  outcome: ReconcileOutcome = { ready: true },
) {
  cluster.api.seed(
    claimPath(claim.metadata.name),
    claim,
    'kubectl-client-side-apply',
  );
  reconcileTenant(cluster, claim.metadata.name, outcome);
}
