import { age } from './age';

const now = new Date('2025-05-01T12:00:00Z');

describe('age', () => {
  it.each([
    ['2025-05-01T11:59:15Z', '45s'],
    ['2025-05-01T11:55:00Z', '5m'],
    ['2025-05-01T09:00:01Z', '2h'],
    ['2025-04-29T12:00:00Z', '2d'],
    ['2025-05-01T12:00:30Z', '0s'],
  ])('says %s is %s old', (timestamp, expected) => {
    expect(age(timestamp, now)).toBe(expected);
  });
});
