import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { TenantClusterState } from '@internal/plugin-bookstore-tenant-common';
import { conditionProblems } from './conditionProblems';
import { ConditionStatus } from './ConditionStatus';

const columns: TableColumn<TenantClusterState>[] = [
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Claim',
    render: row => `${row.namespace}/${row.name}`,
  },
  { title: 'Ready', render: row => <ConditionStatus status={row.ready} /> },
  { title: 'Synced', render: row => <ConditionStatus status={row.synced} /> },
  {
    title: 'Problems',
    render: row =>
      conditionProblems(row.conditions).map(problem => (
        <div key={problem}>{problem}</div>
      )),
  },
];

/** The tenant in each cluster as the catalog last saw it. */
export function CatalogClustersCard(props: { clusters: TenantClusterState[] }) {
  return (
    <InfoCard
      title="Clusters"
      subheader="As the catalog last saw them"
      variant="gridItem"
      noPadding
    >
      <Table
        columns={columns}
        data={props.clusters}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent={
          <div>The catalog knows of no cluster for this tenant.</div>
        }
      />
    </InfoCard>
  );
}
