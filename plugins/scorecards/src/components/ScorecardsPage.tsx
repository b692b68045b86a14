import type { Check } from '@backstage-community/plugin-tech-insights-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../api/ScorecardsApi';
import {
  categoryOf,
  describeScore,
  isFailing,
  ServiceScorecard,
  serviceScorecards,
  scoreOf,
  teamScores,
} from '../scorecard';
import { CheckOutcome } from './CheckOutcome';

/** What the page reads of each Component. */
const COMPONENT_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.owner',
];

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  },
  filter: { minWidth: 260 },
  section: { marginBottom: theme.spacing(4) },
}));

function ownerName(owner?: string): string {
  return owner
    ? humanizeEntityRef(parseEntityRef(owner), { defaultKind: 'group' })
    : 'no owner';
}

function Owner({ owner }: { owner?: string }) {
  return owner ? (
    <EntityRefLink entityRef={owner} defaultKind="group" />
  ) : (
    <>no owner</>
  );
}

function ServiceRow({
  service,
  checks,
}: {
  service: ServiceScorecard;
  checks: Check[];
}) {
  const { passed, total } = scoreOf(service.checks);
  return (
    <TableRow>
      <TableCell>
        <EntityRefLink entityRef={service.entity} defaultKind="component" />
      </TableCell>
      <TableCell>
        <Owner owner={service.owner} />
      </TableCell>
      <TableCell>
        {passed}/{total}
      </TableCell>
      {service.error ? (
        <TableCell colSpan={checks.length}>
          Error: {service.error.message}
        </TableCell>
      ) : (
        service.checks.map(({ check, outcome, reasons }) => (
          <TableCell key={check.id}>
            <Tooltip title={reasons.join('; ') || check.description}>
              <span>
                <CheckOutcome outcome={outcome} />
              </span>
            </Tooltip>
          </TableCell>
        ))
      )}
    </TableRow>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section}>
      <Typography variant="h5" component="h2">
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/** A table's head: the cells, then a column per check (its category as the tooltip). */
function HeaderRow(props: { cells: string[]; checks?: Check[] }) {
  return (
    <TableHead>
      <TableRow>
        {props.cells.map(cell => (
          <TableCell key={cell}>{cell}</TableCell>
        ))}
        {props.checks?.map(check => (
          <TableCell key={check.id} title={categoryOf(check)}>
            {check.name}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}

function FilterSelect(props: {
  label: string;
  value: string;
  options: Array<[value: string, label: string]>;
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      id={`scorecards-filter-${props.label.toLocaleLowerCase('en-US')}`}
      className={classes.filter}
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      SelectProps={{ native: true }}
      variant="outlined"
      size="small"
    >
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Every Component × every check, filterable by owner team and by the check or
 * category they fail (`?team=` and `?failing=`, so a view can be linked), with
 * each team's score.
 */
export function ScorecardsPage() {
  const classes = useStyles();
  const scorecardsApi = useApi(scorecardsApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const team = searchParams.get('team') ?? '';
  const failing = searchParams.get('failing') ?? '';

  const { value, loading, error } = useAsync(async () => {
    const [checks, { items }] = await Promise.all([
      scorecardsApi.getChecks(),
      catalogApi.getEntities({
        filter: { kind: 'component' },
        fields: COMPONENT_FIELDS,
      }),
    ]);
    const runs = await scorecardsApi.runBulkChecks(
      items.map(entity => stringifyEntityRef(entity)),
      checks.map(check => check.id),
    );
    return { checks, services: serviceScorecards(items, runs, checks) };
  }, [scorecardsApi, catalogApi]);

  if (error) {
    return (
      <Content>
        <ResponseErrorPanel error={error} />
      </Content>
    );
  }
  if (loading || !value) {
    return (
      <Content>
        <Progress />
      </Content>
    );
  }

  const { checks, services } = value;
  const teams = teamScores(services);
  const shown = services.filter(
    service =>
      (team === '' || service.owner === team) && isFailing(service, failing),
  );
  const setFilter = (key: string, filter: string) => {
    const next = new URLSearchParams(searchParams);
    if (filter === '') {
      next.delete(key);
    } else {
      next.set(key, filter);
    }
    setSearchParams(next);
  };
  const categories = [...new Set(checks.map(categoryOf))];

  return (
    <Content>
      <Section title="Team scores">
        <Table size="small" aria-label="Team scores">
          <HeaderRow cells={['Team', 'Services', 'Score']} />
          <TableBody>
            {teams.map(({ owner, services: count, score }) => (
              <TableRow key={owner ?? ''}>
                <TableCell>
                  <Owner owner={owner} />
                </TableCell>
                <TableCell>{count}</TableCell>
                <TableCell>{describeScore(score)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>

      <Section title="Services">
        <div className={classes.filters}>
          <FilterSelect
            label="Team"
            value={team}
            onChange={filter => setFilter('team', filter)}
            options={[
              ['', 'All teams'],
              ...teams.flatMap(
                ({ owner }): Array<[string, string]> =>
                  owner ? [[owner, ownerName(owner)]] : [],
              ),
            ]}
          />
          <FilterSelect
            label="Failing"
            value={failing}
            onChange={filter => setFilter('failing', filter)}
            options={[
              ['', 'Any check or none'],
              ...categories.map((category): [string, string] => [
                `category:${category}`,
                `${/^[aeiou]/i.test(category) ? 'an' : 'a'} ${category} check`,
              ]),
              ...checks.map((check): [string, string] => [
                `check:${check.id}`,
                check.name,
              ]),
            ]}
          />
        </div>
        <Typography variant="body2" color="textSecondary">
          {shown.length} of {services.length} services
        </Typography>
        <Table size="small" aria-label="Services">
          <HeaderRow cells={['Service', 'Owner', 'Passed']} checks={checks} />
          <TableBody>
            {shown.map(service => (
              <ServiceRow
                key={stringifyEntityRef(service.entity)}
                service={service}
                checks={checks}
              />
            ))}
          </TableBody>
        </Table>
      </Section>
    </Content>
  );
}
