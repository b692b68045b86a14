import type { ArgoCdApplicationSeed } from './argocd';
import type { FakePagerDutyData } from './pagerduty';
import type { FakePrometheusData } from '@internal/plugin-monitoring-backend/testUtils';
import type { ReconcileOutcome, ServiceSeed, TenantClaim } from './kubernetes';
import { tenantClaim } from './kubernetes';

/**
 * What the fake Argo CD, PagerDuty and clusters hold at start: payments-gateway
 * (examples/catalog) deployed to the three regions in the `payments` tenant, its on-call and
 * open incidents, and a few tenants of other teams. The journeys assert on these names.
 */

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export const PAYMENTS_GATEWAY = {
  service: 'payments-gateway',
  tenant: 'payments',
  image: 'ghcr.io/bookstore-platform/payments-gateway:1.42.0',
  argoCdApp: 'bookstore-payments-gateway-us-east',
  pagerDutyServiceId: 'P1PAYGW',
  liveRevision: '9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e',
};

// --- Argo CD ---------------------------------------------------------------------------------

const paymentsRevisions = [
  {
    sha: '4b1d0e7c2a9f8e6d5c4b3a2f1e0d9c8b7a6f5e4d',
    author: 'Alice Anders <alice@bookstore.example>',
    message: 'Refunds: idempotency keys on the Stripe refund call',
    deployedAt: minutesAgo(3 * 24 * 60),
  },
  {
    sha: 'c7e2b9a1d4f6e8c0b2a4d6f8e0c2b4a6d8f0e2c4',
    author: 'Ivan Ivanov <ivan@bookstore.example>',
    message: 'Chart: raise the outbox relay memory limit to 512Mi',
    deployedAt: minutesAgo(26 * 60),
  },
  {
    sha: PAYMENTS_GATEWAY.liveRevision,
    author: 'Alice Anders <alice@bookstore.example>',
    message: 'Webhooks: verify Stripe signatures with the rotated secret',
    deployedAt: minutesAgo(95),
  },
];

export const argoCdApplications: ArgoCdApplicationSeed[] = [
  {
    service: 'payments-gateway',
    region: 'us-east',
    tenant: 'payments',
    sync: 'Synced',
    health: 'Healthy',
    revisions: paymentsRevisions,
    image: PAYMENTS_GATEWAY.image,
  },
  {
    service: 'payments-gateway',
    region: 'eu-west',
    tenant: 'payments',
    sync: 'Synced',
    health: 'Healthy',
    revisions: paymentsRevisions,
    image: PAYMENTS_GATEWAY.image,
  },
  {
    service: 'payments-gateway',
    region: 'ap-southeast',
    tenant: 'payments',
    sync: 'OutOfSync',
    health: 'Progressing',
    revisions: paymentsRevisions.slice(0, 2),
    image: 'ghcr.io/bookstore-platform/payments-gateway:1.41.3',
  },
  {
    service: 'orders',
    region: 'us-east',
    tenant: 'orders',
    sync: 'Synced',
    health: 'Healthy',
    revisions: [
      {
        sha: 'e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6',
        author: 'Dave Dubois <dave@bookstore.example>',
        message: 'Saga: compensate shipping when payment capture fails',
        deployedAt: minutesAgo(8 * 60),
      },
    ],
    image: 'ghcr.io/bookstore-platform/orders:2.7.1',
  },
];

// --- PagerDuty -------------------------------------------------------------------------------

export const ON_CALL = {
  primary: {
    id: 'PALICE1',
    name: 'Alice Anders',
    email: 'alice@bookstore.example',
  },
  secondary: {
    id: 'PIVAN01',
    name: 'Ivan Ivanov',
    email: 'ivan@bookstore.example',
  },
};

export const OPEN_INCIDENTS = [
  'Stripe webhook signature failures above 5% in us-east',
  'Outbox relay lag above 60 s in eu-west',
];
export const RESOLVED_INCIDENT = 'Refund API p99 latency above 2 s';

export const pagerDutyData: FakePagerDutyData = {
  users: [
    ON_CALL.primary,
    ON_CALL.secondary,
    { id: 'PDAVE01', name: 'Dave Dubois', email: 'dave@bookstore.example' },
  ],
  services: [
    {
      id: PAYMENTS_GATEWAY.pagerDutyServiceId,
      name: 'payments-gateway',
      description: 'Payments gateway (Stripe, outbox, refunds). PCI scope.',
      status: 'critical',
      escalationPolicy: {
        id: 'PEPAYGW',
        name: 'Payments Gateway on-call',
        levels: [[ON_CALL.primary.id], [ON_CALL.secondary.id]],
      },
      integrationKey: 'e2e0payments0gateway0events0v2key',
    },
    {
      id: 'P2ORDER',
      name: 'orders',
      description: 'Order lifecycle and its saga.',
      status: 'active',
      escalationPolicy: {
        id: 'PEORDER',
        name: 'Orders on-call',
        levels: [['PDAVE01']],
      },
      integrationKey: 'e2e0orders0events0v2key000000000',
    },
  ],
  incidents: [
    {
      id: 'Q1WEBHOOKSIG01',
      number: 1842,
      serviceId: PAYMENTS_GATEWAY.pagerDutyServiceId,
      title: OPEN_INCIDENTS[0],
      status: 'triggered',
      urgency: 'high',
      createdAt: minutesAgo(12),
      assignees: [ON_CALL.primary.id],
    },
    {
      id: 'Q1OUTBOXLAG002',
      number: 1839,
      serviceId: PAYMENTS_GATEWAY.pagerDutyServiceId,
      title: OPEN_INCIDENTS[1],
      status: 'acknowledged',
      urgency: 'low',
      createdAt: minutesAgo(130),
      assignees: [ON_CALL.primary.id],
    },
    {
      id: 'Q1REFUNDP99003',
      number: 1811,
      serviceId: PAYMENTS_GATEWAY.pagerDutyServiceId,
      title: RESOLVED_INCIDENT,
      status: 'resolved',
      urgency: 'high',
      createdAt: minutesAgo(2 * 24 * 60),
      assignees: [ON_CALL.secondary.id],
    },
    {
      id: 'Q2ORDERS00001',
      number: 1840,
      serviceId: 'P2ORDER',
      title: 'Orders saga stuck in PAYMENT_PENDING',
      status: 'triggered',
      urgency: 'high',
      createdAt: minutesAgo(40),
      assignees: ['PDAVE01'],
    },
  ],
};

// --- Clusters --------------------------------------------------------------------------------

/** Workloads per cluster (region). */
export const workloads: Record<string, ServiceSeed[]> = {
  'us-east': [
    { ...PAYMENTS_GATEWAY, replicas: 3, port: 8080 },
    {
      service: 'orders',
      tenant: 'orders',
      image: 'ghcr.io/bookstore-platform/orders:2.7.1',
      replicas: 2,
      port: 8080,
    },
  ],
  'eu-west': [{ ...PAYMENTS_GATEWAY, replicas: 3, port: 8080 }],
  'ap-southeast': [
    {
      ...PAYMENTS_GATEWAY,
      image: 'ghcr.io/bookstore-platform/payments-gateway:1.41.3',
      replicas: 2,
      port: 8080,
    },
  ],
};

/** The tenant the tenant journey watches. */
export const PAYMENTS_TENANT = {
  name: 'payments',
  displayName: 'Payments',
  owner: 'team-payments',
  regions: ['us-east', 'eu-west', 'ap-southeast'],
};

/** Tenants per cluster, with how Crossplane's reconciliation ended there. */
export const tenants: Record<
  string,
  Array<{ claim: TenantClaim; outcome?: ReconcileOutcome }>
> = {};
const claims: Array<{
  claim: TenantClaim;
  outcomes?: Record<string, ReconcileOutcome>;
}> = [
  {
    claim: tenantClaim({
      name: PAYMENTS_TENANT.name,
      owner: PAYMENTS_TENANT.owner,
      displayName: PAYMENTS_TENANT.displayName,
      tier: 'standard',
      regions: PAYMENTS_TENANT.regions,
    }),
  },
  {
    claim: tenantClaim({
      name: 'orders',
      owner: 'team-orders',
      displayName: 'Orders',
      tier: 'standard',
      regions: ['us-east'],
    }),
  },
  {
    claim: tenantClaim({
      name: 'storefront',
      owner: 'team-storefront',
      displayName: 'Storefront',
      tier: 'premium',
      regions: ['us-east', 'eu-west'],
    }),
    outcomes: { 'eu-west': { ready: false, unreadyResource: 'eu-west-quota' } },
  },
];
for (const { claim, outcomes } of claims) {
  for (const region of claim.spec.parameters.regions) {
    (tenants[region] ??= []).push({ claim, outcome: outcomes?.[region] });
  }
}

/**
 * What the fake Prometheus of each region holds: payments-gateway's rule group
 * (`prometheus.io/rule: payments-gateway.rules`), one alert firing in us-east, and the series the
 * Monitoring tab's three queries (app-config.yaml) select.
 */
export const PAYMENTS_ALERT = {
  name: 'PaymentsHighErrorRate',
  summary: 'More than 5% of payment requests fail',
};

const paymentsRules = (firing: boolean): FakePrometheusData['rules'] => [
  {
    group: 'payments-gateway.rules',
    name: PAYMENTS_ALERT.name,
    query:
      'sum(rate(http_requests_total{service="payments-gateway",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="payments-gateway"}[5m])) > 0.05',
    severity: 'critical',
    summary: PAYMENTS_ALERT.summary,
    state: firing ? 'firing' : 'inactive',
    ...(firing ? { activeAt: minutesAgo(17) } : {}),
    labels: { service: 'payments-gateway' },
  },
  {
    group: 'payments-gateway.rules',
    name: 'PaymentsLatencyHigh',
    query:
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="payments-gateway"}[5m]))) > 0.8',
    severity: 'warning',
    summary: 'p99 latency of payment requests above 800 ms',
    state: 'inactive',
  },
];

const paymentsSeries = (load: number): FakePrometheusData['series'] => [
  {
    match: 'code=~"5.."',
    metric: {},
    value: t => 0.01 + 0.05 * Math.max(0, Math.sin(t / 1800)),
  },
  {
    // Exactly the request rate: the error ratio's denominator is the same expression.
    match:
      /^sum\(rate\(http_requests_total\{service="payments-gateway"\}\[5m\]\)\)$/,
    metric: {},
    value: t => load * (1 + 0.3 * Math.sin(t / 2400)),
  },
  {
    match: 'histogram_quantile',
    metric: {},
    value: t => 0.18 + 0.08 * Math.sin(t / 1500),
  },
];

export const prometheusData: Record<string, FakePrometheusData> = {
  'us-east': { rules: paymentsRules(true), series: paymentsSeries(42) },
  'eu-west': { rules: paymentsRules(false), series: paymentsSeries(25) },
};
