import { Config } from '@backstage/config';

/** `bookstore.tenants.live`, with its defaults filled in. */
export interface LiveConfig {
  requestTimeoutMs: number;
}

const KEY = 'bookstore.tenants.live.requestTimeoutMs';

/** Reads `bookstore.tenants.live`; a timeout that is not a positive number is an error naming the key. */
export function readLiveConfig(config: Config): LiveConfig {
  const requestTimeoutMs = config.getOptionalNumber(KEY) ?? 5_000;
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new Error(
      `Invalid config value at '${KEY}': ${requestTimeoutMs} is not a positive number of milliseconds`,
    );
  }
  return { requestTimeoutMs };
}
