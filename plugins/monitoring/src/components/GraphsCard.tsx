import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  ServiceGraph,
  ServiceGraphsResponse,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { monitoringApiRef } from '../api/MonitoringApi';
import { formatValue } from './formatValue';
import { InstanceFailures } from './InstanceFailures';
import { LineChart, seriesColor, seriesName } from './LineChart';

function Legend(props: { graph: ServiceGraph }) {
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mt={1}>
      {props.graph.series.map((series, i) => {
        const last = series.points[series.points.length - 1];
        return (
          <Typography key={seriesName(series)} variant="caption">
            <span style={{ color: seriesColor(i) }}>■</span>{' '}
            {seriesName(series)}
            {last ? `: ${formatValue(last[1], props.graph.unit)}` : ''}
          </Typography>
        );
      })}
    </Box>
  );
}

function Graph(props: { graph: ServiceGraph; range: ServiceGraphsResponse }) {
  const { graph, range } = props;
  const hours = Math.round((range.end - range.start) / 3600);
  return (
    <Box>
      <Typography variant="subtitle2" component="h3">
        {graph.title}
      </Typography>
      <InstanceFailures failures={graph.failures} />
      {graph.series.length === 0 && graph.failures.length === 0 ? (
        <Typography variant="body2" color="textSecondary" title={graph.query}>
          No data in the last {hours} hours.
        </Typography>
      ) : (
        <>
          <LineChart
            graph={graph}
            start={range.start}
            end={range.end}
            stepSeconds={range.stepSeconds}
            label={`${graph.title}, last ${hours} hours`}
          />
          <Legend graph={graph} />
        </>
      )}
    </Box>
  );
}

/** Request rate, error ratio and p99 latency of the last hours, from every instance. */
export function GraphsCard() {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const ref = getCompoundEntityRef(entity);
  const { loading, error, value, retry } = useAsyncRetry(
    () => api.getGraphs(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.graphs.length === 0) {
    content = (
      <Typography>
        No graph queries are configured for components of type “
        {value?.serviceType}” (monitoring.graphs.queries.{value?.serviceType}
        ).
      </Typography>
    );
  } else {
    content = (
      <Grid container spacing={3}>
        {value.graphs.map(graph => (
          <Grid item xs={12} md={4} key={graph.id}>
            <Graph graph={graph} range={value} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <InfoCard
      title="Requests, errors and latency"
      action={
        <IconButton aria-label="Refresh graphs" onClick={retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      {content}
    </InfoCard>
  );
}
