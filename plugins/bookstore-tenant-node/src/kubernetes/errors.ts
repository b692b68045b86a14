import {
  AuthenticationError,
  ConflictError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { STATUS_CODES } from 'node:http';

/**
 * What went wrong talking to one cluster: the HTTP status and the Kubernetes
 * `Status` reason when the API server answered, or the transport failure
 * (timeout, TLS, connection) when it did not.
 */
export interface KubernetesFailure {
  /** The cluster's name, as in `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  /** The HTTP status the API server answered with; absent when it did not answer. */
  statusCode?: number;
  /**
   * The Kubernetes `Status` reason (`Forbidden`, `Conflict`, `NotFound`, …), or for
   * failures without a usable answer one of `Timeout`, `TLSError`,
   * `ConnectionError`, `InvalidResponse` (a 2xx that is not the JSON asked for),
   * `Credentials` (the auth provider gave none).
   */
  reason?: string;
  /** The API server's message, or a description of the transport failure. */
  detail: string;
  /** One line for people: `403 Forbidden: <detail>` or `timed out after 10000 ms`. */
  summary: string;
}

/** A `@backstage/errors` error that carries the failure of a Kubernetes request. */
export type KubernetesError = CustomErrorBase & {
  kubernetes: KubernetesFailure;
};

/** Builds the failure for an answer of the API server. */
export function httpFailure(
  cluster: string,
  statusCode: number,
  status: { reason?: unknown; message?: unknown } | undefined,
  fallbackDetail: string,
): KubernetesFailure {
  const detail =
    typeof status?.message === 'string' && status.message
      ? status.message
      : fallbackDetail;
  const reason = typeof status?.reason === 'string' ? status.reason : undefined;
  const statusText = STATUS_CODES[statusCode] ?? 'Unknown Status';
  return {
    cluster,
    statusCode,
    reason,
    detail,
    summary: `${statusCode} ${statusText}: ${detail}`,
  };
}

/** Builds the failure for a request that got no (usable) answer. */
export function transportFailure(
  cluster: string,
  reason: 'Timeout' | 'TLSError' | 'ConnectionError' | 'InvalidResponse',
  detail: string,
): KubernetesFailure {
  return { cluster, reason, detail, summary: detail };
}

/** Builds the failure for a request never sent: the auth provider gave no credentials. */
export function credentialFailure(
  cluster: string,
  detail: string,
): KubernetesFailure {
  return { cluster, reason: 'Credentials', detail, summary: detail };
}

/**
 * The `@backstage/errors` error for a failure: 400/422 InputError, 401
 * AuthenticationError (also no credentials from the auth provider), 403
 * NotAllowedError, 404 NotFoundError, 409 ConflictError, anything else (5xx, timeouts, TLS and connection errors) ServiceUnavailableError.
 * The failure is attached as `error.kubernetes`; read it with {@link getKubernetesFailure}.
 *
 * @param message - defaults to `Kubernetes cluster <name>: <summary>`
 */
export function kubernetesError(
  failure: KubernetesFailure,
  message: string = `Kubernetes cluster ${failure.cluster}: ${failure.summary}`,
  cause?: unknown,
): KubernetesError {
  let error: CustomErrorBase;
  switch (failure.reason === 'Credentials' ? 401 : failure.statusCode) {
    case 400:
    case 422:
      error = new InputError(message, cause);
      break;
    case 401:
      error = new AuthenticationError(message, cause);
      break;
    case 403:
      error = new NotAllowedError(message, cause);
      break;
    case 404:
      error = new NotFoundError(message, cause);
      break;
    case 409:
      error = new ConflictError(message, cause);
      break;
    default:
      error = new ServiceUnavailableError(message, cause);
  }
  return Object.assign(error, { kubernetes: failure });
}

/** The Kubernetes failure an error carries, if it came from the Kubernetes client. */
export function getKubernetesFailure(
  error: unknown,
): KubernetesFailure | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const failure = (error as { kubernetes?: unknown }).kubernetes;
  if (
    typeof failure === 'object' &&
    failure !== null &&
    typeof (failure as KubernetesFailure).cluster === 'string' &&
    typeof (failure as KubernetesFailure).summary === 'string'
  ) {
    return failure as KubernetesFailure;
  }
  return undefined;
}
