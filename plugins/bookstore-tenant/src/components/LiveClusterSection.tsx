import {
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  TenantClusterLiveState,
  TenantLiveError,
  TenantLiveEvent,
  TenantLiveResource,
} from '@internal/plugin-bookstore-tenant-common';
import { age } from './age';
import { conditionProblems } from './conditionProblems';
import { ResourceStatus } from './ResourceStatus';

type ResourceRow = TenantLiveResource & { role: string };

const resourceColumns: TableColumn<ResourceRow>[] = [
  { title: 'Role', field: 'role' },
  { title: 'Kind', field: 'kind' },
  { title: 'Name', field: 'name' },
  { title: 'Namespace', render: row => row.namespace ?? '—' },
  { title: 'Ready', render: row => <ResourceStatus resource={row} /> },
  {
    title: 'Problems',
    render: row =>
      (row.error ? [row.error.message] : conditionProblems(row.conditions)).map(
        problem => <div key={problem}>{problem}</div>,
      ),
  },
];

const eventColumns: TableColumn<TenantLiveEvent>[] = [
  {
    title: 'Type',
    render: row =>
      row.type === 'Warning' ? (
        <StatusWarning>Warning</StatusWarning>
      ) : (
        <StatusOK>{row.type}</StatusOK>
      ),
  },
  { title: 'Reason', render: row => row.reason ?? '—' },
  { title: 'Message', render: row => row.message ?? '' },
  {
    title: 'Age',
    render: row =>
      `${row.lastSeen ? age(row.lastSeen) : '—'}${
        row.count > 1 ? ` (×${row.count})` : ''
      }`,
  },
];

const tableOptions = {
  paging: false,
  search: false,
  toolbar: false,
  padding: 'dense',
} as const;

function describeError(error: TenantLiveError): string {
  const status = [error.statusCode, error.reason].filter(Boolean).join(' ');
  return status ? `${error.message} (${status})` : error.message;
}

function resourceRows(state: TenantClusterLiveState): ResourceRow[] {
  return [
    ...(state.claim ? [{ ...state.claim, role: 'Claim' }] : []),
    ...(state.composite ? [{ ...state.composite, role: 'Composite' }] : []),
    ...state.composed.map(resource => ({ ...resource, role: 'Composed' })),
  ];
}

/** One cluster's live answer: its objects and recent events, or why it could not be read. */
export function LiveClusterSection(props: { state: TenantClusterLiveState }) {
  const { state } = props;
  const label = `Live state in ${state.cluster}`;
  let content;
  if (state.error) {
    content = (
      <WarningPanel
        severity="error"
        title={`Could not read the tenant in ${state.cluster}`}
        message={describeError(state.error)}
        defaultExpanded
      />
    );
  } else {
    content = (
      <>
        {state.composite ? null : (
          <Typography variant="body2" paragraph>
            The claim is not bound to a composite resource yet.
          </Typography>
        )}
        <Table
          columns={resourceColumns}
          data={resourceRows(state)}
          options={tableOptions}
        />
        <Box mt={2} mb={1}>
          <Typography variant="subtitle2" component="h4">
            Recent events
          </Typography>
        </Box>
        {state.eventsError ? (
          <WarningPanel
            title={`Could not read the events in ${state.cluster}`}
            message={describeError(state.eventsError)}
          />
        ) : (
          <Table
            columns={eventColumns}
            data={state.events}
            options={tableOptions}
            emptyContent={
              <Box p={2}>
                <Typography variant="body2">No recent events.</Typography>
              </Box>
            }
          />
        )}
      </>
    );
  }
  return (
    <Box component="section" aria-label={label} mb={3}>
      <Typography variant="h6" component="h3" gutterBottom>
        {state.cluster}: {state.namespace}/{state.name}
      </Typography>
      {content}
    </Box>
  );
}
