import { Config } from '@backstage/config';

/**
 * Where a new service's dashboard and deployment are seen, for the links the
 * golden path renders into its catalog-info.yaml: `bookstore.grafana.baseUrl`
 * and `bookstore.argocd.baseUrl`, each without a trailing "/"; unset: no link.
 */
export interface ServiceLinksConfig {
  grafanaBaseUrl?: string;
  argocdBaseUrl?: string;
}

function readBaseUrl(config: Config, key: string): string | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `Invalid config value at '${key}': '${value}' is not a URL`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new Error(
      `Invalid config value at '${key}': '${value}' is not an http(s) base URL without query or fragment`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** Reads `bookstore.grafana.baseUrl` and `bookstore.argocd.baseUrl`. */
export function readServiceLinksConfig(config: Config): ServiceLinksConfig {
  return {
    grafanaBaseUrl: readBaseUrl(config, 'bookstore.grafana.baseUrl'),
    argocdBaseUrl: readBaseUrl(config, 'bookstore.argocd.baseUrl'),
  };
}

/**
 * The uid of a service's Grafana dashboard, which its chart ships as a
 * ConfigMap for Grafana's sidecar: the service name (a Grafana uid has at most
 * 40 characters, the form's limit for a name).
 */
export function dashboardUidOf(service: string): string {
  return service;
}

/** The URL of a service's Grafana dashboard, when Grafana is configured. */
export function dashboardUrlOf(
  links: ServiceLinksConfig,
  service: string,
): string | undefined {
  return links.grafanaBaseUrl
    ? `${links.grafanaBaseUrl}/d/${encodeURIComponent(
        dashboardUidOf(service),
      )}/${encodeURIComponent(service)}`
    : undefined;
}

/** The Argo CD Application of a service in a region: the template's argocd/application.yaml. */
export function argocdApplicationOf(service: string, region: string): string {
  return `bookstore-${service}-${region}`;
}

/** The URL of a service's Argo CD Application, when Argo CD is configured. */
export function argocdUrlOf(
  links: ServiceLinksConfig,
  service: string,
  region: string,
): string | undefined {
  return links.argocdBaseUrl
    ? `${links.argocdBaseUrl}/applications/argocd/${encodeURIComponent(
        argocdApplicationOf(service, region),
      )}`
    : undefined;
}
