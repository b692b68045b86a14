import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

const CONFIG_KEY = 'permission.teamLabel.decisionCache';
const DEFAULT_TTL_MS = 10_000;
const DEFAULT_MAX_ENTRIES = 10_000;

/** `permission.teamLabel.decisionCache`, read (see config.d.ts). */
export function readDecisionCacheConfig(config: Config): {
  ttlMs: number;
  maxEntries: number;
} {
  const section = config.getOptionalConfig(CONFIG_KEY);
  const ttlMs = section?.has('ttl')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: `${CONFIG_KEY}.ttl` }),
      )
    : DEFAULT_TTL_MS;
  const maxEntries =
    section?.getOptionalNumber('maxEntries') ?? DEFAULT_MAX_ENTRIES;
  if (!(ttlMs >= 0)) {
    throw new InputError(`${CONFIG_KEY}.ttl: must not be negative`);
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new InputError(
      `${CONFIG_KEY}.maxEntries: '${maxEntries}' is not a positive integer`,
    );
  }
  return { ttlMs, maxEntries };
}
