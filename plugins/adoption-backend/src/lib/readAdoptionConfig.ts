import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';

/** Events are kept this long when `adoption.retention` is not set. */
export const DEFAULT_RETENTION: HumanDuration = { days: 180 };

/** The plugin's settings (see config.d.ts). */
export interface AdoptionConfig {
  /** How long events are kept, in milliseconds. */
  retentionMs: number;
}

/** Reads `adoption`; a retention that is not a positive duration is a startup error. */
export function readAdoptionConfig(config: Config): AdoptionConfig {
  const retention = config.has('adoption.retention')
    ? readDurationFromConfig(config, { key: 'adoption.retention' })
    : DEFAULT_RETENTION;
  const retentionMs = durationToMilliseconds(retention);
  if (!(retentionMs > 0)) {
    throw new Error('adoption.retention: expected a positive duration');
  }
  return { retentionMs };
}
