import {
  Content,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  AdoptionSummary,
  adoptionSummaryReadPermission,
} from '@internal/plugin-adoption-common';
import {
  Grid,
  makeStyles,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { adoptionApiRef } from '../api/AdoptionApi';
import { adoptionTargets } from '../targets';
import { BarChart, BarSeries } from './BarChart';

/** Weeks the page shows. */
export const WEEKS = 12;

const BLUE = '#1f77b4';
const ORANGE = '#ff7f0e';
const GREEN = '#2ca02c';
const RED = '#d62728';
const GREY = '#9e9e9e';

const useStyles = makeStyles(theme => ({
  chart: { padding: theme.spacing(2) },
  section: { marginTop: theme.spacing(3) },
}));

const percent = (value: number | undefined) =>
  value === undefined ? '—' : `${Math.round(value * 1000) / 10} %`;
const minutes = (value: number | null | undefined) =>
  value === undefined || value === null ? '—' : `${value} min`;

function Chart(props: {
  title: string;
  labels: string[];
  series: BarSeries[];
  /** Shown instead of the bars when set: there is nothing to chart. */
  empty?: string;
}) {
  const classes = useStyles();
  return (
    <Grid item xs={12} md={6}>
      <Paper className={classes.chart}>
        <Typography variant="h6" component="h3">
          {props.title}
        </Typography>
        {props.empty ? (
          <Typography color="textSecondary">{props.empty}</Typography>
        ) : (
          <BarChart
            label={props.title}
            labels={props.labels}
            series={props.series}
          />
        )}
        <Typography variant="caption">
          {props.series.map(s => (
            <span key={s.name} style={{ color: s.color, marginRight: 12 }}>
              ■ {s.name}
            </span>
          ))}
        </Typography>
      </Paper>
    </Grid>
  );
}

/** A small table: a header row, then a row per entry, keyed by its first cell. */
function FiguresTable(props: {
  label: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}) {
  return (
    <Table aria-label={props.label} size="small">
      <TableHead>
        <TableRow>
          {props.headers.map(cell => (
            <TableCell key={cell}>{cell}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={row[0]}>
            {row.map((cell, i) => (
              <TableCell key={props.headers[i]}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Targets(props: { summary: AdoptionSummary }) {
  const rows = adoptionTargets(props.summary).map(row => {
    const format = row.unit === 'minutes' ? minutes : percent;
    let met = '—';
    if (row.target !== undefined && row.value !== undefined) {
      const beaten =
        row.better === 'above'
          ? row.value > row.target
          : row.value < row.target;
      met = beaten ? 'yes' : 'no';
    }
    return [
      row.name,
      format(row.value),
      row.target === undefined
        ? '—'
        : `${row.better === 'above' ? '>' : '<'} ${format(row.target)}`,
      met,
      row.detail,
    ];
  });
  return (
    <FiguresTable
      label="Targets"
      headers={['Figure', 'Now', 'Target', 'Met', 'Counted']}
      rows={rows}
    />
  );
}

function Weeks(props: { summary: AdoptionSummary }) {
  return (
    <FiguresTable
      label="Weeks"
      headers={[
        'Week of',
        'WAU',
        'Mean DAU',
        'Template runs',
        'Succeeded',
        'Failed',
        'New Components',
        'Golden path',
        'Runs synced',
        'Median to sync',
        'TechDocs fresh',
      ]}
      rows={props.summary.weeks.map(week => [
        week.weekStart,
        week.weeklyActiveUsers,
        week.averageDailyActiveUsers,
        week.templateRuns,
        week.templateRunsSucceeded,
        week.templateRunsFailed,
        week.newComponents,
        week.newGoldenPathComponents,
        `${week.firstSync.synced} of ${week.firstSync.runs}`,
        minutes(week.firstSync.medianMinutes),
        percent(techDocsRatio(week.techDocs)),
      ])}
    />
  );
}

type Week = AdoptionSummary['weeks'][number];

/** Fresh / with TechDocs; undefined without a measurement or without TechDocs. */
function techDocsRatio(techDocs: Week['techDocs']): number | undefined {
  return techDocs && techDocs.components > 0
    ? techDocs.fresh / techDocs.components
    : undefined;
}

/** The charts of weekly figures: each series picks its value of a week. */
const WEEKLY_CHARTS: Array<{
  title: string;
  /** What the chart says instead when it has nothing to show yet. */
  empty?: { unless: (week: Week) => boolean; text: string };
  series: Array<{
    name: string;
    color: string;
    unit?: string;
    pick: (week: Week) => number | null;
  }>;
}> = [
  {
    title: 'Active users per week',
    series: [
      { name: 'WAU', color: BLUE, pick: w => w.weeklyActiveUsers },
      { name: 'Mean DAU', color: ORANGE, pick: w => w.averageDailyActiveUsers },
    ],
  },
  {
    title: 'Template runs per week',
    series: [
      { name: 'Succeeded', color: GREEN, pick: w => w.templateRunsSucceeded },
      { name: 'Failed', color: RED, pick: w => w.templateRunsFailed },
      {
        name: 'Not finished',
        color: GREY,
        pick: w =>
          w.templateRuns - w.templateRunsSucceeded - w.templateRunsFailed,
      },
    ],
  },
  {
    title: 'New Components per week',
    series: [
      {
        name: 'Golden path',
        color: GREEN,
        pick: w => w.newGoldenPathComponents,
      },
      {
        name: 'Other',
        color: GREY,
        pick: w => w.newComponents - w.newGoldenPathComponents,
      },
    ],
  },
  {
    title: 'Time to first sync per week',
    empty: {
      unless: w => w.firstSync.synced > 0,
      text: 'No golden-path runs have synced yet',
    },
    series: [
      {
        name: 'Median',
        color: BLUE,
        unit: ' min',
        pick: w => w.firstSync.medianMinutes,
      },
      {
        name: '90th percentile',
        color: ORANGE,
        unit: ' min',
        pick: w => w.firstSync.p90Minutes,
      },
    ],
  },
  {
    title: 'Template runs to first sync per week',
    empty: {
      unless: w => w.firstSync.runs > 0,
      text: 'No template run has made a service Argo CD deploys yet',
    },
    series: [
      { name: 'Synced', color: GREEN, pick: w => w.firstSync.synced },
      { name: 'Waiting', color: GREY, pick: w => w.firstSync.waiting },
    ],
  },
];

function Figures(props: { summary: AdoptionSummary }) {
  const { summary } = props;
  const classes = useStyles();
  const weeks = summary.weeks.map(w => w.weekStart);
  return (
    <>
      <Typography variant="h5" component="h2">
        Against the targets
      </Typography>
      <Targets summary={summary} />
      <Grid container spacing={2} className={classes.section}>
        {WEEKLY_CHARTS.map(chart => (
          <Chart
            key={chart.title}
            title={chart.title}
            labels={weeks}
            empty={
              chart.empty && !summary.weeks.some(chart.empty.unless)
                ? chart.empty.text
                : undefined
            }
            series={chart.series.map(({ name, color, unit, pick }) => ({
              name,
              color,
              unit,
              values: summary.weeks.map(pick),
            }))}
          />
        ))}
        <Chart
          title="TechDocs freshness per week"
          labels={weeks}
          empty={
            summary.techDocs.components === 0
              ? 'No Component has TechDocs'
              : undefined
          }
          series={[
            {
              name: `Built in the last ${summary.techDocs.freshWithinDays} days`,
              color: GREEN,
              unit: ' %',
              values: summary.weeks.map(w => {
                const value = techDocsRatio(w.techDocs);
                return value === undefined
                  ? null
                  : Math.round(value * 1000) / 10;
              }),
            },
          ]}
        />
        <Chart
          title="Active users per day"
          labels={summary.days.map(d => d.date)}
          series={[
            {
              name: 'DAU',
              color: ORANGE,
              values: summary.days.map(d => d.activeUsers),
            },
          ]}
        />
      </Grid>
      <Typography variant="h5" component="h2" className={classes.section}>
        Week by week
      </Typography>
      <Weeks summary={summary} />
    </>
  );
}

/**
 * The Adoption page: is the portal used? The adoption backend's figures of
 * the last weeks as charts, and the current values against the targets.
 * Only admins may read them; anyone else is told so.
 */
export function AdoptionPage() {
  const api = useApi(adoptionApiRef);
  const { value, loading, error } = useAsync(
    () => api.getSummary(WEEKS),
    [api],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error instanceof ResponseError && error.statusCode === 403) {
    body = (
      <WarningPanel
        severity="info"
        title="Only portal admins see the adoption figures"
      >
        The Adoption page shows who uses the portal; it needs the permission{' '}
        {adoptionSummaryReadPermission.name}, which admins hold.
      </WarningPanel>
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else {
    body = <Figures summary={value!} />;
  }
  return <Content>{body}</Content>;
}
