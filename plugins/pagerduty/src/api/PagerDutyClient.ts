import { isError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
  PagerDutyOnCallUsersResponse,
  PagerDutyService,
  PagerDutyServiceResponse,
  PagerDutyUser,
} from '@pagerduty/backstage-plugin-common';
import {
  PagerDutyApi,
  TriggerIncidentRequest,
  TriggerIncidentResult,
} from './PagerDutyApi';
import { toResponseError } from './responseError';
import { toTriggerEventBody, TriggerEventResponse } from './triggerEvent';

/**
 * How long to wait for an answer. The PagerDuty backend never answers some
 * requests when it has no API token, so every request needs a deadline.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The proxy endpoint in front of the PagerDuty Events API v2. */
export const EVENTS_PROXY_PATH = '/pagerduty-events';

const BACKEND = {
  pluginId: 'pagerduty',
  name: 'The PagerDuty backend',
  hint: 'check that it has an API token (pagerDuty.apiToken, PAGERDUTY_API_TOKEN)',
};
const EVENTS_PROXY = {
  pluginId: 'proxy',
  name: 'The PagerDuty Events API',
  hint: `check the proxy endpoint ${EVENTS_PROXY_PATH}`,
};
type Target = typeof BACKEND;

/** @public */
export class PagerDutyClient implements PagerDutyApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly timeoutMs: number;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    timeoutMs?: number;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  async getService(serviceId: string): Promise<PagerDutyService> {
    const response = await this.request(
      BACKEND,
      `/services/${encodeURIComponent(serviceId)}`,
    );
    const body: PagerDutyServiceResponse = await response.json();
    return body.service;
  }

  async getOpenIncidents(serviceId: string): Promise<PagerDutyIncident[]> {
    const response = await this.request(
      BACKEND,
      `/services/${encodeURIComponent(serviceId)}/incidents`,
    );
    const body: PagerDutyIncidentsResponse = await response.json();
    return body.incidents;
  }

  async getOnCallUsers(escalationPolicyId: string): Promise<PagerDutyUser[]> {
    const response = await this.request(
      BACKEND,
      `/oncall-users?escalation_policy_ids[]=${encodeURIComponent(
        escalationPolicyId,
      )}`,
    );
    const body: PagerDutyOnCallUsersResponse = await response.json();
    return body.users;
  }

  async triggerIncident(
    request: TriggerIncidentRequest,
  ): Promise<TriggerIncidentResult> {
    const response = await this.request(
      EVENTS_PROXY,
      `${EVENTS_PROXY_PATH}/enqueue`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(toTriggerEventBody(request)),
      },
    );
    const body: TriggerEventResponse = await response.json();
    return { dedupKey: body.dedup_key, message: body.message };
  }

  private async request(
    target: Target,
    path: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(target.pluginId);
    let response: Response;
    try {
      response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (isError(error) && error.name === 'TimeoutError') {
        throw new Error(
          `${target.name} did not answer within ${this.timeoutMs / 1000} s; ${
            target.hint
          }.`,
        );
      }
      throw error;
    }
    if (!response.ok) {
      throw await toResponseError(response, init.method ?? 'GET');
    }
    return response;
  }
}
