import { makeStyles } from '@material-ui/core';

/** One series of a bar chart: a value per label; null where there is none (no bar). */
export interface BarSeries {
  name: string;
  color: string;
  values: Array<number | null>;
  /** Appended to each value in the tooltips (` min`, ` %`). */
  unit?: string;
}

const HEIGHT_PX = 140;

const useStyles = makeStyles(theme => ({
  chart: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: theme.spacing(0.5),
    height: HEIGHT_PX,
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  group: {
    flex: 1,
    display: 'flex',
    alignItems: 'flex-end',
    height: '100%',
    gap: 1,
  },
  bar: { flex: 1, minHeight: 0 },
  labels: {
    display: 'flex',
    gap: theme.spacing(0.5),
    color: theme.palette.text.secondary,
    fontSize: 11,
  },
  label: { flex: 1, textAlign: 'center', overflow: 'hidden' },
}));

/**
 * Grouped bars over time, in plain HTML: for each label (a week, a day) one
 * bar per series, heights relative to the largest value, which the chart
 * names; every bar's value is its tooltip.
 */
export function BarChart(props: {
  label: string;
  labels: string[];
  series: BarSeries[];
}) {
  const { label, labels, series } = props;
  const classes = useStyles();
  const max = Math.max(
    0,
    ...series.flatMap(s => s.values.map(value => value ?? 0)),
  );
  const every = Math.ceil(labels.length / 8);
  return (
    <div role="img" aria-label={label}>
      <div className={classes.labels}>max {max}</div>
      <div className={classes.chart}>
        {labels.map((text, i) => (
          <div key={text} className={classes.group}>
            {series.map(s => {
              const value = s.values[i];
              return (
                <div
                  key={s.name}
                  className={classes.bar}
                  title={`${s.name}, ${text}: ${
                    value === null ? '—' : `${value}${s.unit ?? ''}`
                  }`}
                  style={{
                    height:
                      max === 0 || value === null
                        ? 0
                        : `${(value / max) * 100}%`,
                    background: s.color,
                  }}
                />
              );
            })}
          </div>
        ))}
      </div>
      <div className={classes.labels}>
        {labels.map((text, i) => (
          <span key={text} className={classes.label}>
            {i % every === 0 ? text.slice(5) : ''}
          </span>
        ))}
      </div>
    </div>
  );
}
