import { GraphSeries, ServiceGraph } from '@internal/plugin-monitoring-common';
import { useTheme } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { formatValue, niceTicks } from './formatValue';

const WIDTH = 420;
const HEIGHT = 180;
const PAD = { left: 64, right: 20, top: 8, bottom: 24 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#d62728'];

/** A series' name in the legend: its instance, and its labels if any. */
export function seriesName(series: GraphSeries): string {
  const labels = Object.entries(series.labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
  return labels ? `${series.instance} {${labels}}` : series.instance;
}

/** An SVG path of the points, broken where more than two steps are missing. */
function linePath(
  points: Array<[number, number]>,
  x: (t: number) => number,
  y: (v: number) => number,
  stepSeconds: number,
): string {
  return points
    .map(([t, v], i) => {
      const gap = i === 0 || t - points[i - 1][0] > 2 * stepSeconds;
      return `${gap ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    })
    .join(' ');
}

/**
 * A time-series line chart of one graph: a line per series over
 * [start, end], a value axis from 0 in the graph's unit, a time axis in hours.
 */
export function LineChart(props: {
  graph: ServiceGraph;
  start: number;
  end: number;
  stepSeconds: number;
  label: string;
}) {
  const { graph, start, end, stepSeconds, label } = props;
  const theme = useTheme();
  const max = Math.max(
    0,
    ...graph.series.flatMap(s => s.points.map(p => p[1])),
  );
  const yTicks = niceTicks(max);
  const top = yTicks[yTicks.length - 1];
  const x = (t: number) =>
    PAD.left + ((t - start) / (end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) =>
    HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const hours = Math.round((end - start) / 3600);
  const xTicks = Array.from(
    { length: hours + 1 },
    (_, i) => end - (hours - i) * 3600,
  ).filter((_, i, all) => all.length <= 7 || i % 2 === 0);
  const axis = theme.palette.text.secondary;

  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ display: 'block', fontFamily: theme.typography.fontFamily }}
    >
      <title>{label}</title>
      {yTicks.map(tick => (
        <g key={tick}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(tick)}
            y2={y(tick)}
            stroke={theme.palette.divider}
          />
          <text
            x={PAD.left - 6}
            y={y(tick) + 4}
            textAnchor="end"
            fontSize={11}
            fill={axis}
          >
            {formatValue(tick, graph.unit)}
          </text>
        </g>
      ))}
      {xTicks.map(tick => (
        <text
          key={tick}
          x={x(tick)}
          y={HEIGHT - 6}
          textAnchor="middle"
          fontSize={11}
          fill={axis}
        >
          {DateTime.fromSeconds(tick).toFormat('HH:mm')}
        </text>
      ))}
      {graph.series.map((series, i) => (
        <path
          key={seriesName(series)}
          d={linePath(series.points, x, y, stepSeconds)}
          fill="none"
          stroke={COLORS[i % COLORS.length]}
          strokeWidth={2}
        >
          <title>{seriesName(series)}</title>
        </path>
      ))}
    </svg>
  );
}

/** The color of the i-th series, for the legend. */
export function seriesColor(i: number): string {
  return COLORS[i % COLORS.length];
}
