import { ConfigReader } from '@backstage/config';
import { readLiveConfig } from './readLiveConfig';

describe('readLiveConfig', () => {
  it('waits 5 s per request by default', () => {
    expect(readLiveConfig(new ConfigReader({}))).toEqual({
      requestTimeoutMs: 5000,
    });
  });

  it('reads bookstore.tenants.live.requestTimeoutMs', () => {
    const config = new ConfigReader({
      bookstore: { tenants: { live: { requestTimeoutMs: 1500 } } },
    });
    expect(readLiveConfig(config)).toEqual({ requestTimeoutMs: 1500 });
  });

  it('names the key of a timeout that is not positive', () => {
    const config = new ConfigReader({
      bookstore: { tenants: { live: { requestTimeoutMs: 0 } } },
    });
    expect(() => readLiveConfig(config)).toThrow(
      "Invalid config value at 'bookstore.tenants.live.requestTimeoutMs': 0 is not a positive number of milliseconds",
    );
  });
});
