import { Entity } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  isPagerDutyConfigured,
  pagerDutyApiRef,
} from '@internal/plugin-pagerduty';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { PAGERDUTY_SERVICE_ID } from '@pagerduty/backstage-plugin-common';
import useAsync from 'react-use/esm/useAsync';
import { componentPath, entityTitle, useMyServices } from './myServices';
import { NotConfigured } from './NotConfigured';

/** Who is on call now for one service, from its PagerDuty escalation policy. */
function OnCallFor(props: { entity: Entity; serviceId: string }) {
  const { entity, serviceId } = props;
  const api = useApi(pagerDutyApiRef);
  const { loading, error, value } = useAsync(async () => {
    const service = await api.getService(serviceId);
    return api.getOnCallUsers(service.escalation_policy.id);
  }, [api, serviceId]);
  let who: string;
  if (loading) {
    who = '…';
  } else if (error) {
    who = `unavailable (${error.message})`;
  } else if (!value?.length) {
    who = 'nobody';
  } else {
    who = value.map(user => user.name).join(', ');
  }
  return (
    <ListItem dense disableGutters>
      <ListItemText
        primary={
          <Link to={`${componentPath(entity)}/on-call`}>
            {entityTitle(entity)}
          </Link>
        }
        secondary={who}
      />
    </ListItem>
  );
}

/** Who is on call now for each of my team's services that has a PagerDuty service. */
export function OnCallWidget() {
  const config = useApi(configApiRef);
  const services = useMyServices();
  if (!isPagerDutyConfigured(config)) {
    return (
      <NotConfigured
        system="PagerDuty"
        how="Who is on call shows once pagerDuty.apiBaseUrl (PAGERDUTY_API_BASE_URL) is set."
      />
    );
  }
  if (services.loading) {
    return <Progress />;
  }
  if (services.error) {
    return <ResponseErrorPanel error={services.error} />;
  }
  const paged = (services.value ?? []).filter(
    entity => entity.metadata.annotations?.[PAGERDUTY_SERVICE_ID],
  );
  if (paged.length === 0) {
    return (
      <Typography variant="body2">
        None of your team's services has a PagerDuty service (annotation{' '}
        {PAGERDUTY_SERVICE_ID}).
      </Typography>
    );
  }
  return (
    <List dense>
      {paged.map(entity => (
        <OnCallFor
          key={entity.metadata.name}
          entity={entity}
          serviceId={entity.metadata.annotations![PAGERDUTY_SERVICE_ID]}
        />
      ))}
    </List>
  );
}
