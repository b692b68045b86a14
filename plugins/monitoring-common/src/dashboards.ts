import { Entity } from '@backstage/catalog-model';
import { GRAFANA_DASHBOARD_ANNOTATION } from './annotations';

/** The `metadata.links[].type` of a link to one of the component's Grafana dashboards. */
export const DASHBOARD_LINK_TYPE = 'dashboard';

/** A Grafana dashboard of a component. */
export interface Dashboard {
  title: string;
  url: string;
}

/**
 * The component's Grafana dashboards: its `grafana/overview-dashboard`
 * annotation ("Overview dashboard") first, then its links of type
 * `dashboard` (titled by their title, else their URL); each URL once.
 */
export function dashboardsOf(entity: Entity): Dashboard[] {
  const overview = entity.metadata.annotations?.[GRAFANA_DASHBOARD_ANNOTATION];
  const dashboards = [
    ...(overview ? [{ title: 'Overview dashboard', url: overview }] : []),
    ...(entity.metadata.links ?? [])
      .filter(link => link.type === DASHBOARD_LINK_TYPE)
      .map(link => ({ title: link.title ?? link.url, url: link.url })),
  ];
  return dashboards.filter(
    (dashboard, i) => dashboards.findIndex(d => d.url === dashboard.url) === i,
  );
}
