import { ServiceGraph } from '@internal/plugin-monitoring-common';

function round(value: number): string {
  if (value === 0) {
    return '0';
  }
  const size = Math.abs(value);
  let digits = 2;
  if (size >= 100) {
    digits = 0;
  } else if (size >= 10) {
    digits = 1;
  }
  return String(Number(value.toFixed(digits)));
}

/** A graph's value as people read it: `41.5 req/s`, `2.5 %`, `250 ms`, `1.2 s`. */
export function formatValue(value: number, unit: ServiceGraph['unit']): string {
  switch (unit) {
    case 'ratio':
      return `${round(value * 100)} %`;
    case 'seconds':
      return Math.abs(value) < 1
        ? `${round(value * 1000)} ms`
        : `${round(value)} s`;
    default:
      return `${round(value)} ${unit}`;
  }
}

/** Up to `count` + 1 round tick values from 0 to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) {
    return [0, 1];
  }
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= rough) ??
    10 * magnitude;
  const ticks: number[] = [0];
  while (ticks[ticks.length - 1] < max) {
    ticks.push(Number((ticks.length * step).toPrecision(12)));
  }
  return ticks.length > 1 ? ticks : [0, step];
}
