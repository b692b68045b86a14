import { ServiceUnavailableError } from '@backstage/errors';
import { PrometheusInstanceConfig } from '../lib/readMonitoringConfig';
import {
  PrometheusAlert,
  PrometheusErrorBody,
  PrometheusMatrixSeries,
  PrometheusRuleGroup,
  PrometheusSuccess,
} from './prometheusTypes';

/**
 * Reads one Prometheus instance's HTTP API. Every request has a deadline; every
 * failure is a ServiceUnavailableError whose message names the instance and
 * says what went wrong (Prometheus' own error when it gave one).
 */
export class PrometheusClient {
  readonly name: string;
  private readonly url: string;
  private readonly token?: string;
  private readonly timeoutMs: number;

  constructor(instance: PrometheusInstanceConfig, timeoutMs: number) {
    this.name = instance.name;
    this.url = instance.url;
    this.token = instance.token;
    this.timeoutMs = timeoutMs;
  }

  /** `GET /api/v1/alerts`: every active alert. */
  async alerts(): Promise<PrometheusAlert[]> {
    const data = await this.get<{ alerts: PrometheusAlert[] }>(
      '/api/v1/alerts',
    );
    return data.alerts;
  }

  /** `GET /api/v1/rules?type=alert`: the alerting rules, by group. */
  async alertingRules(): Promise<PrometheusRuleGroup[]> {
    const data = await this.get<{ groups: PrometheusRuleGroup[] }>(
      '/api/v1/rules',
      { type: 'alert' },
    );
    return data.groups;
  }

  /** `GET /api/v1/query_range`: a range query's matrix. */
  async queryRange(
    query: string,
    range: { start: number; end: number; stepSeconds: number },
  ): Promise<PrometheusMatrixSeries[]> {
    const data = await this.get<{
      resultType: string;
      result: PrometheusMatrixSeries[];
    }>('/api/v1/query_range', {
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.stepSeconds),
    });
    if (data.resultType !== 'matrix') {
      throw this.failure(`answered a ${data.resultType}, not a matrix`);
    }
    return data.result;
  }

  private failure(message: string): ServiceUnavailableError {
    return new ServiceUnavailableError(`Prometheus ${this.name}: ${message}`);
  }

  private async get<T>(
    path: string,
    params: Record<string, string> = {},
  ): Promise<T> {
    const search = new URLSearchParams(params).toString();
    let response: Response;
    let text: string;
    try {
      response = await fetch(
        `${this.url}${path}${search ? `?${search}` : ''}`,
        {
          headers: {
            Accept: 'application/json',
            ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
          },
          signal: AbortSignal.timeout(this.timeoutMs),
        },
      );
      text = await response.text();
    } catch (error) {
      // Node's fetch rejects with a DOMException, which need not be an Error here.
      if ((error as { name?: string }).name === 'TimeoutError') {
        throw this.failure(`no answer within ${this.timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } })
        .cause;
      throw this.failure(
        `cannot be reached (${cause?.code ?? cause?.message ?? String(error)})`,
      );
    }
    let body: PrometheusSuccess<T> | PrometheusErrorBody | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body?.status === 'success' && response.ok) {
      return body.data;
    }
    const status = `${response.status} ${response.statusText}`.trim();
    if (body?.status === 'error') {
      throw this.failure(`${status}: ${body.errorType}: ${body.error}`);
    }
    throw this.failure(
      response.ok ? `${status}: the answer is not Prometheus JSON` : status,
    );
  }
}
