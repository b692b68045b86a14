import { composedRefsOf, compositeRefOf } from './crossplaneRefs';

const namespace = { apiVersion: 'v1', kind: 'Namespace', name: 'acme-us-east' };
const quota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  name: 'tenant-quota',
  namespace: 'acme-us-east',
};

describe('compositeRefOf', () => {
  it("reads a claim's spec.resourceRef", () => {
    const ref = {
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'XBookstoreTenant',
      name: 'acme-books-x7k2p',
    };
    expect(compositeRefOf({ spec: { resourceRef: ref } })).toEqual(ref);
  });

  it('is undefined while the claim is not bound', () => {
    expect(compositeRefOf({ spec: { parameters: {} } })).toBeUndefined();
    expect(
      compositeRefOf({ spec: { resourceRef: { name: 'x' } } }),
    ).toBeUndefined();
  });
});

describe('composedRefsOf', () => {
  it('reads spec.resourceRefs of a Crossplane v1 composite, in order', () => {
    expect(
      composedRefsOf({
        spec: { resourceRefs: [namespace, quota, { kind: 'Broken' }] },
      }),
    ).toEqual([namespace, quota]);
  });

  it('reads spec.crossplane.resourceRefs of a Crossplane v2 composite', () => {
    expect(
      composedRefsOf({ spec: { crossplane: { resourceRefs: [quota] } } }),
    ).toEqual([quota]);
  });

  it('is empty for a composite that composed nothing yet', () => {
    expect(composedRefsOf({ spec: {} })).toEqual([]);
  });
});
