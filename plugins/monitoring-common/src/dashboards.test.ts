import { Entity } from '@backstage/catalog-model';
import { dashboardsOf } from './dashboards';

const entity = (metadata: Partial<Entity['metadata']>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', ...metadata },
});

describe('dashboardsOf', () => {
  it('lists the overview annotation first, then the links of type dashboard', () => {
    expect(
      dashboardsOf(
        entity({
          annotations: {
            'grafana/overview-dashboard': 'https://grafana.example/d/overview',
          },
          links: [
            { url: 'https://grafana.example/d/kafka', type: 'dashboard' },
            { url: 'https://runbooks.example/payments', type: 'runbook' },
            {
              url: 'https://grafana.example/d/slo',
              title: 'SLOs',
              type: 'dashboard',
            },
          ],
        }),
      ),
    ).toEqual([
      {
        title: 'Overview dashboard',
        url: 'https://grafana.example/d/overview',
      },
      {
        title: 'https://grafana.example/d/kafka',
        url: 'https://grafana.example/d/kafka',
      },
      { title: 'SLOs', url: 'https://grafana.example/d/slo' },
    ]);
  });

  it('lists a URL once, under its first title', () => {
    expect(
      dashboardsOf(
        entity({
          annotations: {
            'grafana/overview-dashboard': 'https://grafana.example/d/overview',
          },
          links: [
            {
              url: 'https://grafana.example/d/overview',
              title: 'Overview',
              type: 'dashboard',
            },
          ],
        }),
      ),
    ).toEqual([
      {
        title: 'Overview dashboard',
        url: 'https://grafana.example/d/overview',
      },
    ]);
  });

  it('is empty without the annotation or a dashboard link', () => {
    expect(
      dashboardsOf(
        entity({
          annotations: { 'grafana/overview-dashboard': '' },
          links: [
            { url: 'https://runbooks.example/payments', type: 'runbook' },
          ],
        }),
      ),
    ).toEqual([]);
  });
});
