import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { bookstoreTenantApiRef } from '../api/BookstoreTenantApi';
import { LiveClusterSection } from './LiveClusterSection';

/** The tenant read live from its clusters, through the bookstore-tenant backend. */
export function LiveStateCard(props: { entityRef: CompoundEntityRef }) {
  const { entityRef } = props;
  const api = useApi(bookstoreTenantApiRef);
  const { loading, error, value, retry } = useAsyncRetry(
    () => api.getLiveState(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else {
    content = value?.clusters.map(state => (
      <LiveClusterSection
        key={`${state.cluster}/${state.namespace}/${state.name}`}
        state={state}
      />
    ));
  }

  return (
    <InfoCard
      title="Live state"
      subheader="Claim, composite, composed resources and recent events, read from each cluster now"
      action={
        <IconButton aria-label="Refresh live state" onClick={retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      {content}
    </InfoCard>
  );
}
