import { Avatar, InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemAvatar from '@material-ui/core/ListItemAvatar';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  PagerDutyEscalationPolicy,
  PagerDutyService,
  PagerDutyUser,
} from '@pagerduty/backstage-plugin-common';
import useAsync from 'react-use/esm/useAsync';
import { AsyncState } from 'react-use/esm/useAsyncFn';
import { pagerDutyApiRef } from '../api/PagerDutyApi';
import { CardError } from './CardError';

function OnCallUser(props: { user: PagerDutyUser }) {
  const { user } = props;
  return (
    <ListItem>
      <ListItemAvatar>
        <Avatar displayName={user.name} picture={user.avatar_url} />
      </ListItemAvatar>
      <ListItemText
        primary={<Link to={user.html_url}>{user.name}</Link>}
        secondary={<Link to={`mailto:${user.email}`}>{user.email}</Link>}
      />
    </ListItem>
  );
}

function OnCallUsers(props: { policy: PagerDutyEscalationPolicy }) {
  const { policy } = props;
  const api = useApi(pagerDutyApiRef);
  const { loading, error, value } = useAsync(
    () => api.getOnCallUsers(policy.id),
    [api, policy.id],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <CardError error={error} />;
  }
  if (!value || value.length === 0) {
    return (
      <Typography>Nobody is on call for {policy.name} right now.</Typography>
    );
  }
  return (
    <List dense>
      {value.map(user => (
        <OnCallUser key={user.id} user={user} />
      ))}
    </List>
  );
}

/** Who is on call now, from the service's escalation policy. */
export function OnCallCard(props: { service: AsyncState<PagerDutyService> }) {
  const { service } = props;
  let content;
  if (service.loading) {
    content = <Progress />;
  } else if (service.error) {
    content = (
      <Typography>
        Who is on call comes from the service's escalation policy, and the
        service could not be loaded.
      </Typography>
    );
  } else if (service.value) {
    content = <OnCallUsers policy={service.value.escalation_policy} />;
  }
  return (
    <InfoCard title="On call now" variant="gridItem">
      {content}
    </InfoCard>
  );
}
