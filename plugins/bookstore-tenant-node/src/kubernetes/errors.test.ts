import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  getKubernetesFailure,
  httpFailure,
  kubernetesError,
  transportFailure,
} from './errors';

describe('Kubernetes errors', () => {
  it.each([
    [400, InputError],
    [401, AuthenticationError],
    [403, NotAllowedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, InputError],
    [500, ServiceUnavailableError],
    [503, ServiceUnavailableError],
  ])('maps %s to the matching @backstage/errors type', (code, type) => {
    const failure = httpFailure('us-east-1', code, undefined, 'it failed');
    const error = kubernetesError(failure);
    expect(error).toBeInstanceOf(type);
    expect(getKubernetesFailure(error)).toBe(failure);
  });

  it("uses the Kubernetes Status' message and reason, and names the cluster", () => {
    const failure = httpFailure(
      'eu-west-1',
      403,
      {
        reason: 'Forbidden',
        message: 'bookstoretenants.platform.bookstore.io "acme" is forbidden',
      },
      'fallback',
    );
    expect(failure).toEqual({
      cluster: 'eu-west-1',
      statusCode: 403,
      reason: 'Forbidden',
      detail: 'bookstoretenants.platform.bookstore.io "acme" is forbidden',
      summary:
        '403 Forbidden: bookstoretenants.platform.bookstore.io "acme" is forbidden',
    });
    expect(kubernetesError(failure).message).toBe(
      'Kubernetes cluster eu-west-1: 403 Forbidden: bookstoretenants.platform.bookstore.io "acme" is forbidden',
    );
  });

  it('describes transport failures without a status', () => {
    const error = kubernetesError(
      transportFailure('us-east-1', 'Timeout', 'timed out after 50 ms'),
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'Kubernetes cluster us-east-1: timed out after 50 ms',
    );
    expect(getKubernetesFailure(error)?.statusCode).toBeUndefined();
  });

  it('finds no failure on other errors', () => {
    expect(getKubernetesFailure(new Error('x'))).toBeUndefined();
    expect(getKubernetesFailure('x')).toBeUndefined();
    expect(
      getKubernetesFailure({ kubernetes: { cluster: 1 } }),
    ).toBeUndefined();
  });
});
