import { ConfigReader } from '@backstage/config';
import {
  argocdUrlOf,
  dashboardUrlOf,
  readServiceLinksConfig,
} from './readServiceLinksConfig';

function read(bookstore: object) {
  return readServiceLinksConfig(new ConfigReader({ bookstore }));
}

describe('readServiceLinksConfig', () => {
  it('has no links without config (as with an unset environment variable)', () => {
    const links = read({ grafana: {} });
    expect(links).toEqual({
      grafanaBaseUrl: undefined,
      argocdBaseUrl: undefined,
    });
    expect(dashboardUrlOf(links, 'notifications')).toBeUndefined();
    expect(argocdUrlOf(links, 'notifications', 'us-east')).toBeUndefined();
  });

  it('links the dashboard and the Application under the base URLs', () => {
    const links = read({
      grafana: { baseUrl: 'https://grafana.bookstore.example/' },
      argocd: { baseUrl: 'https://ops.bookstore.example/argocd' },
    });
    expect(links).toEqual({
      grafanaBaseUrl: 'https://grafana.bookstore.example',
      argocdBaseUrl: 'https://ops.bookstore.example/argocd',
    });
    expect(dashboardUrlOf(links, 'notifications')).toBe(
      'https://grafana.bookstore.example/d/notifications/notifications',
    );
    expect(argocdUrlOf(links, 'notifications', 'us-east')).toBe(
      'https://ops.bookstore.example/argocd/applications/argocd/bookstore-notifications-us-east',
    );
  });

  it.each([
    ['grafana', 'grafana.bookstore.example', 'is not a URL'],
    [
      'argocd',
      'ftp://argocd.bookstore.example',
      'is not an http(s) base URL without query or fragment',
    ],
    [
      'grafana',
      'https://grafana.bookstore.example/?orgId=1',
      'is not an http(s) base URL without query or fragment',
    ],
  ])('refuses bookstore.%s.baseUrl %s', (key, baseUrl, message) => {
    expect(() => read({ [key]: { baseUrl } })).toThrow(
      `Invalid config value at 'bookstore.${key}.baseUrl': '${baseUrl}' ${message}`,
    );
  });
});
