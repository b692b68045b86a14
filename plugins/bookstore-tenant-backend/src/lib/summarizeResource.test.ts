import { summarizeResource } from './summarizeResource';

describe('summarizeResource', () => {
  it('keeps the conditions without timestamps, and Ready and Synced', () => {
    const ref = {
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'XBookstoreTenant',
      name: 'acme-books-x7k2p',
    };
    expect(
      summarizeResource(ref, {
        ...ref,
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'Unready resources: quota',
              lastTransitionTime: '2025-01-01T00:00:00Z',
            },
            { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
            { type: 'Healthy', status: 'maybe', reason: '' },
            { status: 'True' },
          ],
        },
      }),
    ).toEqual({
      ...ref,
      ready: 'False',
      synced: 'True',
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'Creating',
          message: 'Unready resources: quota',
        },
        { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        { type: 'Healthy', status: 'Unknown' },
      ],
    });
  });

  it('leaves Ready and Synced out for an object without conditions', () => {
    const ref = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      name: 'tenant-quota',
      namespace: 'acme-books-us-east',
    };
    expect(
      summarizeResource(ref, { ...ref, status: { hard: { pods: '80' } } }),
    ).toEqual({ ...ref, conditions: [] });
  });
});
