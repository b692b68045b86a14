import { Entity } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  isPagerDutyConfigured,
  pagerDutyApiRef,
} from '@internal/plugin-pagerduty';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  argoCDApiRef,
} from '@roadiehq/backstage-plugin-argo-cd';
import { PAGERDUTY_SERVICE_ID } from '@pagerduty/backstage-plugin-common';
import useAsync from 'react-use/esm/useAsync';
import { argoCdInstanceNames } from '../argocd/argoCdInstances';
import { componentPath, entityTitle, useMyServices } from './myServices';
import { NotConfigured } from './NotConfigured';

function Pending() {
  return (
    <Typography variant="body2" color="textSecondary">
      …
    </Typography>
  );
}

/** Argo CD's health and sync status of the service's application (its first instance). */
function ArgoCdHealth(props: { appName: string }) {
  const api = useApi(argoCDApiRef);
  const { loading, error, value } = useAsync(async () => {
    const instances = await api.serviceLocatorUrl({ appName: props.appName });
    if (instances instanceof Error) {
      throw instances;
    }
    if (instances.length === 0) {
      return 'not in Argo CD';
    }
    const app = await api.getAppDetails({
      url: '/argocd/api',
      appName: props.appName,
      instance: instances[0].name,
    });
    return `${app.status.health.status}, ${app.status.sync.status}`;
  }, [api, props.appName]);
  if (loading) {
    return <Pending />;
  }
  return <>{error ? `unavailable (${error.message})` : value}</>;
}

/** How many incidents of the service are triggered or acknowledged. */
function OpenIncidents(props: { serviceId: string }) {
  const api = useApi(pagerDutyApiRef);
  const { loading, error, value } = useAsync(
    () => api.getOpenIncidents(props.serviceId),
    [api, props.serviceId],
  );
  if (loading) {
    return <Pending />;
  }
  if (error) {
    return <>unavailable ({error.message})</>;
  }
  return <>{value?.length === 1 ? '1 open' : `${value?.length ?? 0} open`}</>;
}

function ServiceRow(props: {
  entity: Entity;
  argoCd: boolean;
  pagerDuty: boolean;
}) {
  const { entity, argoCd, pagerDuty } = props;
  const appName = entity.metadata.annotations?.[ARGOCD_ANNOTATION_APP_NAME];
  const serviceId = entity.metadata.annotations?.[PAGERDUTY_SERVICE_ID];
  return (
    <TableRow>
      <TableCell>
        <Link to={componentPath(entity)}>{entityTitle(entity)}</Link>
      </TableCell>
      <TableCell>
        {argoCd && appName ? <ArgoCdHealth appName={appName} /> : '—'}
      </TableCell>
      <TableCell>
        {pagerDuty && serviceId ? <OpenIncidents serviceId={serviceId} /> : '—'}
      </TableCell>
    </TableRow>
  );
}

/** My team's services: each with its Argo CD health and its open PagerDuty incidents. */
export function MyServicesWidget() {
  const config = useApi(configApiRef);
  const services = useMyServices();
  const argoCd = argoCdInstanceNames(config).length > 0;
  const pagerDuty = isPagerDutyConfigured(config);

  if (services.loading) {
    return <Progress />;
  }
  if (services.error) {
    return <ResponseErrorPanel error={services.error} />;
  }
  if (!services.value?.length) {
    return (
      <Typography variant="body2">
        None of your teams owns a service yet. Find services in the{' '}
        <Link to="/catalog">catalog</Link> or create one.
      </Typography>
    );
  }
  return (
    <>
      {!argoCd && (
        <NotConfigured
          system="Argo CD"
          how="Health shows once an instance is set under argocd.appLocatorMethods."
        />
      )}
      {!pagerDuty && (
        <NotConfigured
          system="PagerDuty"
          how="Open incidents show once pagerDuty.apiBaseUrl is set."
        />
      )}
      <Table size="small" aria-label="My team's services">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Argo CD</TableCell>
            <TableCell>Incidents</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {services.value.map(entity => (
            <ServiceRow
              key={entity.metadata.name}
              entity={entity}
              argoCd={argoCd}
              pagerDuty={pagerDuty}
            />
          ))}
        </TableBody>
      </Table>
    </>
  );
}
