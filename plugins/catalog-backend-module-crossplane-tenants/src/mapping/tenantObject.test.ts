import { claim } from '../__testUtils__/tenants';
import { parseTenantObject } from './tenantObject';

const fromClaims = { cluster: 'us-east', source: 'claim' } as const;
const fromComposites = { cluster: 'us-east', source: 'composite' } as const;

describe('parseTenantObject', () => {
  it('reads a claim: parameters, labels, composite name and conditions without timestamps', () => {
    expect(
      parseTenantObject(
        claim('acme-books', {
          team: 'team-payments',
          owner: 'team-payments',
          regions: ['us-east', 'eu-west'],
          ready: 'False',
          message: 'Unready resources: quota',
        }),
        fromClaims,
      ),
    ).toEqual({
      type: 'tenant',
      tenant: {
        cluster: 'us-east',
        source: 'claim',
        apiVersion: 'platform.bookstore.io/v1alpha1',
        kind: 'BookstoreTenant',
        namespace: 'bookstore-tenants',
        name: 'acme-books',
        compositeName: 'acme-books-x1',
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
        ],
        labels: { 'platform.bookstore.io/team': 'team-payments' },
        owner: 'team-payments',
        displayName: 'Tenant acme-books',
        tier: 'standard',
        regions: ['us-east', 'eu-west'],
        composedRefs: [],
      },
    });
  });

  it('reads a claim without status as Unknown readiness', () => {
    const { status, ...fresh } = claim('new-one');
    const parsed = parseTenantObject(fresh, fromClaims);
    expect(parsed).toMatchObject({
      type: 'tenant',
      tenant: { ready: 'Unknown', synced: 'Unknown', conditions: [] },
    });
  });

  it('reads a Crossplane 2 namespaced composite as a tenant with its composed resources', () => {
    const xr = {
      apiVersion: 'platform.bookstore.io/v1alpha1',
      kind: 'XBookstoreTenant',
      metadata: { name: 'river-books', namespace: 'team-search' },
      spec: {
        parameters: {
          owner: 'team-search',
          tier: 'starter',
          regions: ['eu-west'],
        },
        crossplane: {
          compositionRef: { name: 'bookstoretenant-kubernetes' },
          resourceRefs: [
            {
              apiVersion: 'v1',
              kind: 'Namespace',
              name: 'river-books-eu-west',
            },
            {
              apiVersion: 'v1',
              kind: 'ResourceQuota',
              name: 'quota',
              namespace: 'river-books-eu-west',
            },
            { kind: 'broken' },
          ],
        },
      },
    };
    expect(parseTenantObject(xr, fromComposites)).toMatchObject({
      type: 'tenant',
      tenant: {
        source: 'composite',
        name: 'river-books',
        namespace: 'team-search',
        compositeName: 'river-books',
        composedRefs: [
          { apiVersion: 'v1', kind: 'Namespace', name: 'river-books-eu-west' },
          {
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            name: 'quota',
            namespace: 'river-books-eu-west',
          },
        ],
      },
    });
  });

  it('reads a Crossplane 1 cluster-scoped composite as the carrier of its composed resources', () => {
    expect(
      parseTenantObject(
        {
          metadata: { name: 'acme-books-x1' },
          spec: {
            claimRef: { name: 'acme-books' },
            resourceRefs: [
              {
                apiVersion: 'v1',
                kind: 'Namespace',
                name: 'acme-books-us-east',
              },
            ],
          },
        },
        fromComposites,
      ),
    ).toEqual({
      type: 'composite',
      composite: {
        name: 'acme-books-x1',
        composedRefs: [
          { apiVersion: 'v1', kind: 'Namespace', name: 'acme-books-us-east' },
        ],
      },
    });
  });

  it.each([
    ['not an object', 'text', 'it has no metadata.name'],
    ['no name', { metadata: { namespace: 'n' } }, 'it has no metadata.name'],
    [
      'a claim without namespace',
      { metadata: { name: 'a' }, spec: {} },
      'it has no metadata.namespace',
    ],
    ['no spec', { metadata: { name: 'a', namespace: 'n' } }, 'it has no spec'],
    [
      'no parameters',
      { metadata: { name: 'a', namespace: 'n' }, spec: {} },
      'it has no spec.parameters',
    ],
    [
      'regions not a list',
      {
        metadata: { name: 'a', namespace: 'n' },
        spec: { parameters: { regions: 'us-east' } },
      },
      'spec.parameters.regions is not a list',
    ],
    [
      'a name too long for the catalog',
      {
        metadata: { name: 'a'.repeat(64), namespace: 'n' },
        spec: { parameters: {} },
      },
      expect.stringMatching(/^its name is not a valid catalog entity name/),
    ],
  ])('marks %s as malformed, saying why', (_, object, problem) => {
    expect(parseTenantObject(object, fromClaims)).toEqual({
      type: 'malformed',
      ref: expect.stringMatching(/^us-east\//),
      problem,
    });
  });
});
