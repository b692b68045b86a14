import { validateTenantClaim } from '@internal/plugin-bookstore-tenant-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { TenantsConfig } from './readTenantsConfig';
import {
  describeProblems,
  normalizeOwner,
  renderClaim,
  TenantRequest,
} from './renderClaim';

const config: TenantsConfig = {
  defaultTier: 'starter',
  claimNamespace: 'bookstore-tenants',
  regions: [{ region: 'us-east' }, { region: 'eu-west' }],
  teamLabel: 'platform.bookstore.io/team',
  fieldManager: 'bookstore-portal',
  requestTimeoutMs: 10000,
};

const request: TenantRequest = {
  name: 'acme-books',
  owner: 'group:default/team-payments',
  displayName: 'Acme Books',
  tier: 'standard',
  regions: ['us-east', 'eu-west'],
};

describe('renderClaim', () => {
  it('renders exactly the example claim of the contract', () => {
    const example = parse(
      readFileSync(
        resolve(__dirname, '../../../../examples/crossplane/claim.yaml'),
        'utf8',
      ),
    );
    const { claim, manifest, problems } = renderClaim(request, config);
    expect(problems).toEqual([]);
    expect(claim).toEqual(example);
    expect(parse(manifest)).toEqual(example);
    expect(validateTenantClaim(parse(manifest))).toEqual([]);
  });

  it('starts the manifest with a comment naming the contract', () => {
    expect(renderClaim(request, config).manifest).toMatch(
      /^# A BookstoreTenant claim, rendered by the bookstore:tenant scaffolder action\.\n# Contract: examples\/crossplane\/xrd\.yaml/,
    );
  });

  it('fills in the default tier and leaves out an empty display name', () => {
    const { claim, problems } = renderClaim(
      {
        name: 'paperbacks',
        owner: 'team-search',
        regions: ['us-east'],
        displayName: ' ',
      },
      config,
    );
    expect(problems).toEqual([]);
    expect(claim.spec.parameters).toEqual({
      owner: 'team-search',
      tier: 'starter',
      regions: ['us-east'],
    });
    expect(claim.metadata.labels).toEqual({
      'platform.bookstore.io/team': 'team-search',
    });
  });

  it('uses the configured namespace and team label', () => {
    const { claim, problems } = renderClaim(request, {
      ...config,
      claimNamespace: 'tenants',
      teamLabel: 'example.com/owner',
    });
    expect(problems).toEqual([]);
    expect(claim.metadata).toEqual({
      name: 'acme-books',
      namespace: 'tenants',
      labels: { 'example.com/owner': 'team-payments' },
    });
  });

  it.each<[string, Partial<TenantRequest>, string]>([
    [
      'a name that is not DNS-1123',
      { name: 'Acme_Books' },
      'name (metadata.name): must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
    ],
    [
      'a name that is too long',
      { name: 'a'.repeat(64) },
      'name (metadata.name): must be at most 63 characters, not 64',
    ],
    ['no name', { name: '' }, 'name (metadata.name): is required'],
    [
      'an unknown tier',
      { tier: 'gold' },
      'tier (spec.parameters.tier): must be one of starter, standard, premium',
    ],
    [
      'a region the XRD does not have',
      { regions: ['us-east', 'mars-north'] },
      'regions[1] (spec.parameters.regions[1]): must be one of us-east, eu-west, ap-southeast',
    ],
    [
      'a region this portal does not offer',
      { regions: ['ap-southeast'] },
      'regions[0] (spec.parameters.regions[0]): ap-southeast is not offered by this portal (offered: us-east, eu-west)',
    ],
    [
      'no regions',
      { regions: [] },
      'regions (spec.parameters.regions): must NOT have fewer than 1 items',
    ],
    [
      'a repeated region',
      { regions: ['us-east', 'us-east'] },
      'regions (spec.parameters.regions): must not repeat a value',
    ],
    [
      'an owner that is a user',
      { owner: 'user:default/alice' },
      'owner (spec.parameters.owner): must be a Group, not a user (user:default/alice)',
    ],
    [
      'an owner of another namespace',
      { owner: 'group:ops/team-payments' },
      "owner (spec.parameters.owner): must be a Group of the default namespace, not of 'ops' (group:ops/team-payments)",
    ],
    [
      'an owner name the XRD refuses',
      { owner: 'Team_Payments' },
      'owner (spec.parameters.owner): must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"',
    ],
    [
      'a display name that is too long',
      { displayName: 'x'.repeat(129) },
      'displayName (spec.parameters.displayName): must NOT have more than 128 characters',
    ],
  ])('names the field for %s', (_case, change, message) => {
    const { problems } = renderClaim({ ...request, ...change }, config);
    expect(describeProblems(problems)).toBe(message);
  });

  it('reports every problem at once', () => {
    const { problems } = renderClaim(
      { ...request, name: 'Acme', tier: 'gold', owner: 'user:alice' },
      config,
    );
    expect(problems.map(p => p.input)).toEqual(['owner', 'name', 'tier']);
  });
});

describe('normalizeOwner', () => {
  it.each([
    ['team-payments', 'team-payments'],
    ['group:default/team-payments', 'team-payments'],
    ['group:team-payments', 'team-payments'],
    ['Group:default/team-payments', 'team-payments'],
  ])('accepts %s', (owner, name) => {
    expect(normalizeOwner(owner)).toEqual({ name });
  });
});
