import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  INCIDENT_SEVERITIES,
  IncidentSeverity,
  pagerDutyApiRef,
} from '../api/PagerDutyApi';
import { describeError } from '../api/responseError';
import { triggeringUser } from './triggeringUser';

/** Asks what is wrong and how bad, then pages whoever is on call. */
export function TriggerIncidentDialog(props: {
  entity: Entity;
  routingKey: string;
  onClose: () => void;
}) {
  const { entity, routingKey, onClose } = props;
  const api = useApi(pagerDutyApiRef);
  const identityApi = useApi(identityApiRef);
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<IncidentSeverity>('critical');

  const user = useAsync(
    async () =>
      triggeringUser(
        await identityApi.getProfileInfo(),
        await identityApi.getBackstageIdentity(),
      ),
    [identityApi],
  );

  const [result, trigger] = useAsyncFn(
    () =>
      api.triggerIncident({
        routingKey,
        summary: description.trim(),
        source: stringifyEntityRef(entity),
        severity,
        customDetails: user.value?.customDetails,
        clientUrl: window.location.href,
      }),
    [api, routingKey, description, severity, entity, user.value],
  );

  const triggered = result.value;
  const busy = result.loading || user.loading;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    trigger();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="pagerduty-trigger-title"
    >
      <form onSubmit={onSubmit}>
        <DialogTitle id="pagerduty-trigger-title">
          Trigger an incident
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Pages whoever is on call for{' '}
            {entity.metadata.title ?? entity.metadata.name}. Triggered by{' '}
            {user.value?.label ?? (user.loading ? '…' : 'an unknown user')}.
          </DialogContentText>
          <TextField
            id="pagerduty-trigger-description"
            label="Description"
            required
            multiline
            fullWidth
            margin="normal"
            value={description}
            disabled={Boolean(triggered)}
            onChange={e => setDescription(e.target.value)}
          />
          <TextField
            id="pagerduty-trigger-severity"
            select
            label="Severity"
            fullWidth
            margin="normal"
            value={severity}
            disabled={Boolean(triggered)}
            SelectProps={{ native: true }}
            onChange={e => setSeverity(e.target.value as IncidentSeverity)}
          >
            {INCIDENT_SEVERITIES.map(s => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </TextField>
          {result.error && (
            <Typography role="alert" color="error">
              Could not trigger the incident: {describeError(result.error)}
            </Typography>
          )}
          {triggered && (
            <Typography role="status">
              Incident triggered. Dedup key: {triggered.dedupKey}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{triggered ? 'Close' : 'Cancel'}</Button>
          {!triggered && (
            <Button
              type="submit"
              color="secondary"
              variant="contained"
              disabled={busy || !description.trim()}
            >
              Trigger
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
