import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ServiceAlertsResponse } from '@internal/plugin-monitoring-common';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { DateTime } from 'luxon';
import { InstanceFailures } from './InstanceFailures';
import { StateChip } from './StateChip';

/** What a card of the alerts request shows while loading, failed, or with its data. */
export interface AlertsState {
  loading: boolean;
  error?: Error;
  value?: ServiceAlertsResponse;
  retry: () => void;
}

function Since(props: { activeAt: string }) {
  const time = DateTime.fromISO(props.activeAt);
  if (!time.isValid) {
    return <>—</>;
  }
  return (
    <span title={time.toLocaleString(DateTime.DATETIME_FULL)}>
      {time.toRelative()}
    </span>
  );
}

/** The card's body for a state of the alerts request; `render` draws the data. */
export function alertsContent(
  state: AlertsState,
  render: (value: ServiceAlertsResponse) => JSX.Element,
) {
  if (state.loading) {
    return <Progress />;
  }
  if (state.error || !state.value) {
    return <ResponseErrorPanel error={state.error ?? new Error('No answer')} />;
  }
  return (
    <>
      <InstanceFailures failures={state.value.failures} />
      {render(state.value)}
    </>
  );
}

/** The service's pending and firing alerts, firing first. */
export function AlertsCard(props: { state: AlertsState }) {
  return (
    <InfoCard
      title="Active alerts"
      action={
        <IconButton aria-label="Refresh alerts" onClick={props.state.retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      {alertsContent(props.state, ({ alerts }) =>
        alerts.length === 0 ? (
          <Typography>No active alerts</Typography>
        ) : (
          <Table size="small" aria-label="Active alerts">
            <TableHead>
              <TableRow>
                <TableCell>Alert</TableCell>
                <TableCell>Severity</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Since</TableCell>
                <TableCell>Prometheus</TableCell>
                <TableCell>Summary</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {alerts.map(alert => (
                <TableRow
                  key={`${alert.instance} ${JSON.stringify(alert.labels)}`}
                >
                  <TableCell>{alert.name}</TableCell>
                  <TableCell>{alert.severity ?? '—'}</TableCell>
                  <TableCell>
                    <StateChip state={alert.state} />
                  </TableCell>
                  <TableCell>
                    <Since activeAt={alert.activeAt} />
                  </TableCell>
                  <TableCell>{alert.instance}</TableCell>
                  <TableCell>{alert.summary ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ),
      )}
    </InfoCard>
  );
}
