import { Entity } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import NotificationsActiveIcon from '@material-ui/icons/NotificationsActive';
import { PagerDutyService } from '@pagerduty/backstage-plugin-common';
import { useState } from 'react';
import { chooseRoutingKey } from '../api/routingKey';
import { TriggerIncidentDialog } from './TriggerIncidentDialog';

const LABEL = 'Trigger incident';

/**
 * Opens the trigger dialog; disabled, with the reason as tooltip, when there
 * is no routing key. `service` is undefined while it is not loaded.
 */
export function TriggerIncidentButton(props: {
  entity: Entity;
  service?: PagerDutyService;
}) {
  const [open, setOpen] = useState(false);
  const choice = chooseRoutingKey(props.entity, props.service);

  if (choice.routingKey === undefined) {
    return (
      <Tooltip title={choice.reason}>
        <span>
          <Button
            variant="outlined"
            disabled
            startIcon={<NotificationsActiveIcon />}
          >
            {LABEL}
          </Button>
        </span>
      </Tooltip>
    );
  }
  return (
    <>
      <Button
        variant="outlined"
        color="secondary"
        startIcon={<NotificationsActiveIcon />}
        onClick={() => setOpen(true)}
      >
        {LABEL}
      </Button>
      {open && (
        <TriggerIncidentDialog
          entity={props.entity}
          routingKey={choice.routingKey}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
