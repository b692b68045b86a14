import { ConfigReader } from '@backstage/config';
import { readProviderConfigs } from './ArgoCdApplicationEntityProviderConfig';

const schedule = { frequency: { minutes: 30 }, timeout: { minutes: 3 } };
const argocd = {
  username: 'portal',
  password: 'secret',
  appLocatorMethods: [
    {
      type: 'config',
      instances: [
        { name: 'prod', url: 'https://argocd.example.com/', token: 't0k' },
        { name: 'staging', url: 'https://argocd-staging.example.com' },
      ],
    },
  ],
};
const prod = {
  name: 'prod',
  url: 'https://argocd.example.com',
  auth: { token: 't0k' },
};
const staging = {
  name: 'staging',
  url: 'https://argocd-staging.example.com',
  auth: { username: 'portal', password: 'secret' },
};

describe('readProviderConfigs', () => {
  it('reads nothing without catalog.providers.argocdApplications (the local start)', () => {
    expect(readProviderConfigs(new ConfigReader({ argocd }))).toEqual([]);
  });

  it('reads one instance with defaults, over every Argo CD instance', () => {
    expect(
      readProviderConfigs(
        new ConfigReader({
          argocd,
          catalog: {
            providers: {
              argocdApplications: { fallbackOwner: 'platform-team', schedule },
            },
          },
        }),
      ),
    ).toEqual([
      {
        id: 'default',
        fallbackOwner: 'group:default/platform-team',
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
        instances: [prod, staging],
        stream: true,
        requestTimeoutMs: 10_000,
      },
    ]);
  });

  it('reads several keyed by id, each with its instances', () => {
    expect(
      readProviderConfigs(
        new ConfigReader({
          argocd,
          catalog: {
            providers: {
              argocdApplications: {
                a: {
                  fallbackOwner: 'group:ops/sre',
                  schedule,
                  instances: ['staging'],
                  stream: false,
                  requestTimeoutMs: 2000,
                },
              },
            },
          },
        }),
      ),
    ).toEqual([
      {
        id: 'a',
        fallbackOwner: 'group:ops/sre',
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
        instances: [staging],
        stream: false,
        requestTimeoutMs: 2000,
      },
    ]);
  });

  it.each([
    [
      { fallbackOwner: 'team' },
      "Missing required config value 'catalog.providers.argocdApplications.schedule'",
    ],
    [
      { schedule },
      "Missing required config value at 'catalog.providers.argocdApplications.fallbackOwner'",
    ],
    [
      { fallbackOwner: 'group:', schedule },
      "catalog.providers.argocdApplications.fallbackOwner 'group:' is not an entity ref",
    ],
    [
      { fallbackOwner: 'team', schedule, instances: ['dev'] },
      "catalog.providers.argocdApplications.instances: 'dev' is not an instance of argocd.appLocatorMethods",
    ],
  ])('fails at start on %j', (provider, message) => {
    expect(() =>
      readProviderConfigs(
        new ConfigReader({
          argocd,
          catalog: { providers: { argocdApplications: provider } },
        }),
      ),
    ).toThrow(message);
  });

  it('fails at start on an instance with no credentials, or none at all', () => {
    const section = {
      catalog: {
        providers: { argocdApplications: { fallbackOwner: 'team', schedule } },
      },
    };
    expect(() =>
      readProviderConfigs(
        new ConfigReader({
          ...section,
          argocd: {
            appLocatorMethods: [
              { type: 'config', instances: [{ name: 'x', url: 'http://x' }] },
            ],
          },
        }),
      ),
    ).toThrow(
      "argocd.appLocatorMethods: Argo CD instance 'x' has no token and no username/password",
    );
    expect(() => readProviderConfigs(new ConfigReader(section))).toThrow(
      'catalog.providers.argocdApplications: no Argo CD instance in argocd.appLocatorMethods; the provider would read nothing',
    );
  });
});
