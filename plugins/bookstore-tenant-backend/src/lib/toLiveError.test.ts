import { NotImplementedError } from '@backstage/errors';
import { kubernetesError } from '@internal/plugin-bookstore-tenant-node';
import { toLiveError } from './toLiveError';

describe('toLiveError', () => {
  it('carries the status and reason of a Kubernetes failure', () => {
    const error = kubernetesError({
      cluster: 'eu-west',
      statusCode: 403,
      reason: 'Forbidden',
      detail: 'cannot get resource',
      summary: '403 Forbidden: cannot get resource',
    });
    expect(toLiveError(error)).toEqual({
      statusCode: 403,
      reason: 'Forbidden',
      message: 'Kubernetes cluster eu-west: 403 Forbidden: cannot get resource',
    });
  });

  it('has only the reason of a cluster that did not answer', () => {
    const error = kubernetesError({
      cluster: 'eu-west',
      reason: 'Timeout',
      detail: 'timed out after 500 ms',
      summary: 'timed out after 500 ms',
    });
    expect(toLiveError(error)).toEqual({
      reason: 'Timeout',
      message: 'Kubernetes cluster eu-west: timed out after 500 ms',
    });
  });

  it('has only the message of any other error', () => {
    expect(toLiveError(new NotImplementedError('no such auth'))).toEqual({
      message: 'no such auth',
    });
  });
});
