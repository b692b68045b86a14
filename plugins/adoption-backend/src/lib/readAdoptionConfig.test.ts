import { ConfigReader } from '@backstage/config';
import { readAdoptionConfig } from './readAdoptionConfig';

const DAY_MS = 86_400_000;

describe('readAdoptionConfig', () => {
  it('keeps events 180 days by default', () => {
    expect(readAdoptionConfig(new ConfigReader({}))).toEqual({
      retentionMs: 180 * DAY_MS,
    });
  });

  it.each([
    [{ days: 30 }, 30 * DAY_MS],
    ['P90D', 90 * DAY_MS],
    ['7d', 7 * DAY_MS],
  ])('reads the retention %j', (retention, retentionMs) => {
    expect(
      readAdoptionConfig(new ConfigReader({ adoption: { retention } })),
    ).toEqual({ retentionMs });
  });

  it('refuses a retention that is not a positive duration', () => {
    expect(() =>
      readAdoptionConfig(new ConfigReader({ adoption: { retention: 'soon' } })),
    ).toThrow(/adoption\.retention/);
    expect(() =>
      readAdoptionConfig(
        new ConfigReader({ adoption: { retention: { days: 0 } } }),
      ),
    ).toThrow('adoption.retention: expected a positive duration');
  });
});
