import { argoCdFacts } from './argoCdFacts';

const NOW = new Date('2026-12-01T12:00:00Z');

function deployment(probes: boolean) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders' },
    spec: {
      template: {
        spec: {
          containers: [
            probes
              ? {
                  name: 'orders',
                  readinessProbe: { httpGet: { path: '/readyz' } },
                }
              : { name: 'orders' },
          ],
        },
      },
    },
  };
}
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'orders' },
};

describe('argoCdFacts', () => {
  it('reads sync, health, the last deployment and the probes', () => {
    expect(
      argoCdFacts(
        {
          metadata: { name: 'bookstore-orders-us-east' },
          status: {
            sync: { status: 'Synced' },
            health: { status: 'Healthy' },
            history: [
              { deployedAt: '2026-09-01T00:00:00Z' },
              { deployedAt: '2026-11-20T11:00:00Z' },
            ],
          },
        },
        [service, deployment(true)],
        NOW,
      ),
    ).toEqual({
      hasArgoCdApplication: true,
      argocdSynced: true,
      argocdHealthy: true,
      argocdDaysSinceDeploy: 11,
      argocdFirstDeployedAt: '2026-09-01T00:00:00.000Z',
      hasHealthCheck: true,
    });
  });

  it('fails an out-of-sync, degraded, never deployed Application without probes', () => {
    expect(
      argoCdFacts(
        {
          metadata: { name: 'legacy-billing' },
          status: {
            sync: { status: 'OutOfSync' },
            health: { status: 'Degraded' },
            history: null,
          },
        },
        [service, deployment(true), deployment(false)],
        NOW,
      ),
    ).toEqual({
      hasArgoCdApplication: true,
      argocdSynced: false,
      argocdHealthy: false,
      argocdDaysSinceDeploy: null,
      argocdFirstDeployedAt: null,
      hasHealthCheck: false,
    });
  });

  it('takes the last operation when there is no history, and no workload as no health check', () => {
    const facts = argoCdFacts(
      {
        metadata: { name: 'a' },
        status: {
          operationState: {
            phase: 'Succeeded',
            finishedAt: '2026-08-01T12:00:00Z',
          },
        },
      },
      [service],
      NOW,
    );
    expect(facts.argocdDaysSinceDeploy).toBe(122);
    expect(facts.argocdFirstDeployedAt).toBe('2026-08-01T12:00:00.000Z');
    expect(facts.hasHealthCheck).toBe(false);
  });

  it('takes the earliest deployment of the history, in whatever order Argo CD lists it', () => {
    const facts = argoCdFacts(
      {
        metadata: { name: 'orders' },
        status: {
          history: [
            { deployedAt: '2026-11-30T10:20:00+01:00' },
            { deployedAt: '2026-11-30T09:05:00Z' },
            { deployedAt: 'not a date' },
          ],
          operationState: {
            phase: 'Succeeded',
            finishedAt: '2026-11-01T00:00:00Z',
          },
        },
      },
      [],
      NOW,
    );
    expect(facts.argocdFirstDeployedAt).toBe('2026-11-30T09:05:00.000Z');
  });

  it('has no first deployment while the only sync operation runs or has failed', () => {
    for (const phase of ['Running', 'Failed', 'Error']) {
      expect(
        argoCdFacts(
          {
            metadata: { name: 'orders' },
            status: {
              history: [],
              operationState: { phase, finishedAt: '2026-11-30T09:05:00Z' },
            },
          },
          [],
          NOW,
        ).argocdFirstDeployedAt,
      ).toBeNull();
    }
  });
});
