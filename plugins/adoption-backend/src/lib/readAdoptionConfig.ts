import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';

/** Events are kept this long when `adoption.retention` is not set. */
export const DEFAULT_RETENTION: HumanDuration = { days: 180 };
/** TechDocs built this recently are fresh when `adoption.techDocsFreshness` is not set. */
export const DEFAULT_TECHDOCS_FRESHNESS: HumanDuration = { days: 90 };

/** The plugin's settings (see config.d.ts). */
export interface AdoptionConfig {
  /** How long events are kept, in milliseconds. */
  retentionMs: number;
  /** How recently a TechDocs site must have been built to be fresh, in milliseconds. */
  techDocsFreshnessMs: number;
}

function readPositiveDuration(
  config: Config,
  key: string,
  defaultValue: HumanDuration,
): number {
  const duration = config.has(key)
    ? readDurationFromConfig(config, { key })
    : defaultValue;
  const ms = durationToMilliseconds(duration);
  if (!(ms > 0)) {
    throw new Error(`${key}: expected a positive duration`);
  }
  return ms;
}

/** Reads `adoption`; a duration that is not positive is a startup error. */
export function readAdoptionConfig(config: Config): AdoptionConfig {
  return {
    retentionMs: readPositiveDuration(
      config,
      'adoption.retention',
      DEFAULT_RETENTION,
    ),
    techDocsFreshnessMs: readPositiveDuration(
      config,
      'adoption.techDocsFreshness',
      DEFAULT_TECHDOCS_FRESHNESS,
    ),
  };
}
