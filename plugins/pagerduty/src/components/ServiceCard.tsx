import { Entity } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { PagerDutyService } from '@pagerduty/backstage-plugin-common';
import { ReactNode } from 'react';
import { AsyncState } from 'react-use/esm/useAsyncFn';
import { CardError } from './CardError';
import { TriggerIncidentButton } from './TriggerIncidentButton';

const STATUS_ICONS: Record<string, typeof StatusOK> = {
  active: StatusOK,
  warning: StatusWarning,
  critical: StatusError,
};

function ServiceStatus(props: { status?: string }) {
  const status = props.status ?? 'unknown';
  const Icon = STATUS_ICONS[status] ?? StatusPending;
  return <Icon>{status}</Icon>;
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Grid item xs={12} sm={4}>
      <Typography variant="overline" component="div">
        {props.label}
      </Typography>
      <Typography variant="body1" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

function ServiceDetails(props: { service: PagerDutyService }) {
  const { service } = props;
  const policy = service.escalation_policy;
  return (
    <Grid container spacing={2}>
      <Field label="Status">
        <ServiceStatus status={service.status} />
      </Field>
      <Field label="Escalation policy">
        {policy.html_url ? (
          <Link to={policy.html_url}>{policy.name}</Link>
        ) : (
          policy.name
        )}
      </Field>
      <Field label="PagerDuty">
        <Link to={service.html_url}>Open service in PagerDuty</Link>
      </Field>
    </Grid>
  );
}

/** The PagerDuty service behind the entity, with the Trigger button. */
export function ServiceCard(props: {
  entity: Entity;
  service: AsyncState<PagerDutyService>;
}) {
  const { entity, service } = props;
  let content: ReactNode;
  if (service.loading) {
    content = <Progress />;
  } else if (service.error) {
    content = <CardError error={service.error} />;
  } else if (service.value) {
    content = <ServiceDetails service={service.value} />;
  }
  return (
    <InfoCard
      title={service.value?.name ?? 'PagerDuty service'}
      subheader={service.value?.description}
      action={<TriggerIncidentButton entity={entity} service={service.value} />}
    >
      {content}
    </InfoCard>
  );
}
