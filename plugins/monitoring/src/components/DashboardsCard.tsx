import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  dashboardsOf,
  GRAFANA_DASHBOARD_ANNOTATION,
} from '@internal/plugin-monitoring-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DashboardIcon from '@material-ui/icons/Dashboard';

/** Links to the component's Grafana dashboards. */
export function DashboardsCard() {
  const { entity } = useEntity();
  const dashboards = dashboardsOf(entity);
  return (
    <InfoCard title="Grafana dashboards" variant="gridItem">
      {dashboards.length === 0 ? (
        <Typography>
          No dashboard: add the {GRAFANA_DASHBOARD_ANNOTATION} annotation or a
          link of type dashboard.
        </Typography>
      ) : (
        <List dense disablePadding>
          {dashboards.map(dashboard => (
            <ListItem key={dashboard.url}>
              <ListItemIcon>
                <DashboardIcon />
              </ListItemIcon>
              <ListItemText
                primary={<Link to={dashboard.url}>{dashboard.title}</Link>}
                secondary={new URL(dashboard.url).host}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
