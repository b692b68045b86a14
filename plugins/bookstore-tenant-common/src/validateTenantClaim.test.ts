import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { validateTenantClaim } from './validateTenantClaim';

const exampleClaim = parse(
  readFileSync(
    resolve(__dirname, '../../../examples/crossplane/claim.yaml'),
    'utf8',
  ),
);

function withChanges(change: (claim: any) => void) {
  const claim = structuredClone(exampleClaim);
  change(claim);
  return claim;
}

describe('validateTenantClaim', () => {
  it('accepts the example claim', () => {
    expect(validateTenantClaim(exampleClaim)).toEqual([]);
  });

  it.each([
    [
      'an unknown tier',
      (c: any) => (c.spec.parameters.tier = 'gold'),
      'spec.parameters.tier',
      'must be one of starter, standard, premium',
    ],
    [
      'an unknown region',
      (c: any) => (c.spec.parameters.regions = ['us-east', 'mars-1']),
      'spec.parameters.regions[1]',
      'must be one of us-east, eu-west, ap-southeast',
    ],
    [
      'a repeated region',
      (c: any) => (c.spec.parameters.regions = ['us-east', 'us-east']),
      'spec.parameters.regions',
      'must not repeat a value',
    ],
    [
      'no regions',
      (c: any) => (c.spec.parameters.regions = []),
      'spec.parameters.regions',
      'must NOT have fewer than 1 items',
    ],
    [
      'a missing owner',
      (c: any) => delete c.spec.parameters.owner,
      'spec.parameters.owner',
      'is required',
    ],
    [
      'an unknown parameter',
      (c: any) => (c.spec.parameters.replicas = 3),
      'spec.parameters.replicas',
      'is not a field of a BookstoreTenant',
    ],
    [
      'a name that is not DNS-1123',
      (c: any) => (c.metadata.name = 'Acme_Books'),
      'metadata.name',
      expect.stringContaining('must be a DNS-1123 label'),
    ],
    [
      'a name that is too long',
      (c: any) => (c.metadata.name = 'a'.repeat(64)),
      'metadata.name',
      'must be at most 63 characters, not 64',
    ],
    [
      'a team label that differs from the owner',
      (c: any) =>
        (c.metadata.labels['platform.bookstore.io/team'] = 'team-search'),
      'metadata.labels["platform.bookstore.io/team"]',
      'must equal spec.parameters.owner (team-payments)',
    ],
    [
      'a wrong kind',
      (c: any) => (c.kind = 'XBookstoreTenant'),
      'kind',
      'must be BookstoreTenant',
    ],
  ])('names the field for %s', (_case, change, field, message) => {
    expect(validateTenantClaim(withChanges(change))).toEqual([
      { field, message },
    ]);
  });

  it('refuses what is not an object', () => {
    expect(validateTenantClaim('BookstoreTenant')).toEqual([
      { field: '(claim)', message: 'must be an object' },
    ]);
  });

  it('reads the team label key it is given', () => {
    const claim = withChanges(c => {
      c.metadata.labels = { 'example.com/owner': 'team-payments' };
    });
    expect(validateTenantClaim(claim, 'example.com/owner')).toEqual([]);
  });
});
