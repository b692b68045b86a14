import { EmptyState } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { PAGERDUTY_SERVICE_ID } from '@pagerduty/backstage-plugin-common';
import {
  API_BASE_URL_CONFIG_KEY,
  isPagerDutyConfigured,
} from '../pagerDutyConfig';
import { OnCallOverview } from './OnCallOverview';

/** The On-call tab of an entity with a `pagerduty.com/service-id` annotation. */
export function EntityOnCallContent() {
  const config = useApi(configApiRef);
  const { entity } = useEntity();
  const serviceId = entity.metadata.annotations?.[PAGERDUTY_SERVICE_ID];

  if (!isPagerDutyConfigured(config)) {
    return (
      <EmptyState
        missing="info"
        title="PagerDuty is not configured for this portal"
        description={`Set ${API_BASE_URL_CONFIG_KEY} and give the PagerDuty backend an API token (PAGERDUTY_API_TOKEN) to see who is on call and the open incidents here.`}
      />
    );
  }
  if (!serviceId) {
    return (
      <EmptyState
        missing="field"
        title="No PagerDuty service"
        description={`Add the ${PAGERDUTY_SERVICE_ID} annotation to this entity to link it to its PagerDuty service.`}
      />
    );
  }
  return <OnCallOverview entity={entity} serviceId={serviceId} />;
}
