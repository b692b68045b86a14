import { formatValue, niceTicks } from './formatValue';

describe('formatValue', () => {
  it.each([
    [41.537, 'req/s', '41.5 req/s'],
    [1234.4, 'req/s', '1234 req/s'],
    [0, 'req/s', '0 req/s'],
    [0.025, 'ratio', '2.5 %'],
    [0.25, 'seconds', '250 ms'],
    [0.0123, 'seconds', '12.3 ms'],
    [1.234, 'seconds', '1.23 s'],
  ] as const)('%s %s reads %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe('niceTicks', () => {
  it('goes from 0 to at least the maximum in round steps', () => {
    expect(niceTicks(43)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(0.031)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('has a scale when there is nothing above 0', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
