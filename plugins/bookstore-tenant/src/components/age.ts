const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
];

/** The age of a timestamp as kubectl shows it: `45s`, `5m`, `3h`, `2d`. */
export function age(timestamp: string, now: Date = new Date()): string {
  const seconds = Math.max(
    0,
    Math.floor((now.getTime() - new Date(timestamp).getTime()) / 1000),
  );
  for (const [unit, size] of UNITS) {
    if (seconds >= size) {
      return `${Math.floor(seconds / size)}${unit}`;
    }
  }
  return `${seconds}s`;
}
