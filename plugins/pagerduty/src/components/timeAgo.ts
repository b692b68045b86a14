const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "5 minutes ago", "2 hours ago", "just now": the age of a timestamp. */
export function timeAgo(timestamp: string, now: Date = new Date()): string {
  const seconds = Math.round(
    (now.getTime() - new Date(timestamp).getTime()) / 1000,
  );
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(-Math.trunc(seconds / size), unit);
    }
  }
  return 'just now';
}
