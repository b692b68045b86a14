import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  ServiceAlertsResponse,
  ServiceGraphsResponse,
} from '@internal/plugin-monitoring-common';
import { MonitoringApi } from './MonitoringApi';

/**
 * Reads `/api/monitoring/{alerts,graphs}/:kind/:namespace/:name` with the
 * signed-in user's credentials (the fetch API adds them).
 *
 * @public
 */
export class MonitoringClient implements MonitoringApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getAlerts(entityRef: CompoundEntityRef): Promise<ServiceAlertsResponse> {
    return this.get('alerts', entityRef);
  }

  getGraphs(entityRef: CompoundEntityRef): Promise<ServiceGraphsResponse> {
    return this.get('graphs', entityRef);
  }

  private async get<T>(route: string, ref: CompoundEntityRef): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('monitoring');
    const path = [ref.kind.toLocaleLowerCase('en-US'), ref.namespace, ref.name]
      .map(encodeURIComponent)
      .join('/');
    const response = await this.fetchApi.fetch(`${baseUrl}/${route}/${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
