import { ConfigReader } from '@backstage/config';
import { readMonitoringConfig } from './readMonitoringConfig';

const read = (monitoring?: object) =>
  readMonitoringConfig(new ConfigReader(monitoring ? { monitoring } : {}));

describe('readMonitoringConfig', () => {
  it('has no instance and the defaults when nothing is configured', () => {
    expect(read()).toEqual({
      instances: [],
      requestTimeoutMs: 5000,
      hours: 3,
      stepSeconds: 60,
      queries: {},
    });
  });

  it('reads the instances and the queries by service type', () => {
    expect(
      read({
        prometheus: {
          instances: [
            { name: 'us-east', url: 'http://prom-us:9090/', token: 't' },
            { name: 'eu-west', url: 'https://prom-eu' },
          ],
          requestTimeoutMs: 2000,
        },
        graphs: {
          hours: 6,
          stepSeconds: 120,
          queries: { service: { requestRate: 'a', latencyP99: 'c' } },
        },
      }),
    ).toEqual({
      instances: [
        { name: 'us-east', url: 'http://prom-us:9090', token: 't' },
        { name: 'eu-west', url: 'https://prom-eu', token: undefined },
      ],
      requestTimeoutMs: 2000,
      hours: 6,
      stepSeconds: 120,
      queries: { service: { requestRate: 'a', latencyP99: 'c' } },
    });
  });

  it.each([
    [
      { prometheus: { instances: [{ name: 'a', url: 'prom:9090' }] } },
      "Invalid config value at 'monitoring.prometheus.instances[0].url': 'prom:9090' is not an http(s) URL",
    ],
    [
      {
        prometheus: {
          instances: [
            { name: 'a', url: 'http://x' },
            { name: 'a', url: 'http://y' },
          ],
        },
      },
      "Invalid config at 'monitoring.prometheus.instances': the name 'a' is used twice",
    ],
    [
      { graphs: { hours: 0 } },
      "Invalid config value at 'monitoring.graphs.hours': 0 is not a positive number",
    ],
  ])('refuses %j', (monitoring, message) => {
    expect(() => read(monitoring)).toThrow(message);
  });
});
