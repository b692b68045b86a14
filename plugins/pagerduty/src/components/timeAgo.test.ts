import { timeAgo } from './timeAgo';

describe('timeAgo', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it.each([
    ['2024-05-01T11:59:30Z', 'just now'],
    ['2024-05-01T11:59:00Z', '1 minute ago'],
    ['2024-05-01T11:35:00Z', '25 minutes ago'],
    ['2024-05-01T09:00:00Z', '3 hours ago'],
    ['2024-04-30T12:00:00Z', 'yesterday'],
    ['2024-04-26T11:00:00Z', '5 days ago'],
  ])('renders %s as "%s"', (timestamp, expected) => {
    expect(timeAgo(timestamp, now)).toBe(expected);
  });
});
