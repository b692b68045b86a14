import { ConfigReader } from '@backstage/config';
import { readAdoptionConfig } from './readAdoptionConfig';

const DAY_MS = 86_400_000;

describe('readAdoptionConfig', () => {
  it('keeps events 180 days and counts TechDocs built in the last 90 days as fresh by default', () => {
    expect(readAdoptionConfig(new ConfigReader({}))).toEqual({
      retentionMs: 180 * DAY_MS,
      techDocsFreshnessMs: 90 * DAY_MS,
    });
  });

  it.each([
    [{ days: 30 }, 30 * DAY_MS],
    ['P90D', 90 * DAY_MS],
    ['7d', 7 * DAY_MS],
  ])('reads the retention and the TechDocs freshness %j', (duration, ms) => {
    expect(
      readAdoptionConfig(
        new ConfigReader({
          adoption: { retention: duration, techDocsFreshness: duration },
        }),
      ),
    ).toEqual({ retentionMs: ms, techDocsFreshnessMs: ms });
  });

  it('refuses a duration that is not positive, naming its key', () => {
    expect(() =>
      readAdoptionConfig(new ConfigReader({ adoption: { retention: 'soon' } })),
    ).toThrow(/adoption\.retention/);
    expect(() =>
      readAdoptionConfig(
        new ConfigReader({ adoption: { retention: { days: 0 } } }),
      ),
    ).toThrow('adoption.retention: expected a positive duration');
    expect(() =>
      readAdoptionConfig(
        new ConfigReader({ adoption: { techDocsFreshness: { days: -1 } } }),
      ),
    ).toThrow('adoption.techDocsFreshness: expected a positive duration');
  });
});
