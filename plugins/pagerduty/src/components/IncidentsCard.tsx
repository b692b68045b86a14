import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { PagerDutyIncident } from '@pagerduty/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pagerDutyApiRef } from '../api/PagerDutyApi';
import { CardError } from './CardError';
import { IncidentStatusChip } from './IncidentStatusChip';
import { timeAgo } from './timeAgo';

function assigneeNames(incident: PagerDutyIncident): string {
  const names = incident.assignments.map(a => a.assignee.summary);
  return names.length > 0 ? names.join(', ') : 'unassigned';
}

function Incident(props: { incident: PagerDutyIncident }) {
  const { incident } = props;
  return (
    <ListItem divider>
      <ListItemText
        primary={
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <IncidentStatusChip status={incident.status} />
            <Link to={incident.html_url}>{incident.title}</Link>
          </Box>
        }
        secondary={[
          incident.urgency && `${incident.urgency} urgency`,
          `assigned to ${assigneeNames(incident)}`,
          `created ${timeAgo(incident.created_at)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      />
    </ListItem>
  );
}

/** The service's triggered and acknowledged incidents. */
export function IncidentsCard(props: { serviceId: string }) {
  const api = useApi(pagerDutyApiRef);
  const { loading, error, value, retry } = useAsyncRetry(
    () => api.getOpenIncidents(props.serviceId),
    [api, props.serviceId],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <CardError error={error} />;
  } else if (!value || value.length === 0) {
    content = <Typography>No open incidents</Typography>;
  } else {
    content = (
      <List dense disablePadding>
        {value.map(incident => (
          <Incident key={incident.id} incident={incident} />
        ))}
      </List>
    );
  }

  return (
    <InfoCard
      title="Open incidents"
      variant="gridItem"
      action={
        <IconButton aria-label="Refresh incidents" onClick={retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      {content}
    </InfoCard>
  );
}
