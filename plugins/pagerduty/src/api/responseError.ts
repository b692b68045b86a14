import { ErrorResponseBody, ResponseError } from '@backstage/errors';

/**
 * PagerDuty's own explanation in an error body: the backend plugin's
 * `{ errors: ["..."] }` (or a bare JSON string), or the Events API's
 * `{ status, message, errors: [...] }`.
 */
export function pagerDutyErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    return body || undefined;
  }
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors.filter((e): e is string => typeof e === 'string').join('; ')
    : '';
  const parts = [typeof message === 'string' ? message : '', details].filter(
    Boolean,
  );
  return parts.length > 0 ? parts.join(': ') : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A ResponseError for a failed PagerDuty response whose cause carries
 * PagerDuty's message rather than the raw body.
 */
export async function toResponseError(
  response: Response,
  method: string,
): Promise<ResponseError> {
  const message = pagerDutyErrorMessage(
    parseJson(await response.clone().text()),
  );
  if (message === undefined) {
    return ResponseError.fromResponse(response);
  }
  const body: ErrorResponseBody = {
    error: { name: 'PagerDutyError', message },
    request: { method, url: response.url },
    response: { statusCode: response.status },
  };
  return ResponseError.fromResponse({
    headers: new Headers({ 'content-type': 'application/json' }),
    ok: response.ok,
    redirected: response.redirected,
    status: response.status,
    statusText: response.statusText,
    type: response.type,
    url: response.url,
    text: async () => JSON.stringify(body),
  });
}

/** One line for the user: PagerDuty's message and the HTTP status if any. */
export function describeError(error: Error): string {
  if (ResponseError.is(error)) {
    return `${error.cause.message} (HTTP ${error.statusCode})`;
  }
  return error.message;
}
