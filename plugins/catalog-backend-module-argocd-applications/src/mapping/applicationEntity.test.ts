import { Entity } from '@backstage/catalog-model';
import { application } from '../__testUtils__/fakeArgoCd';
import {
  applicationEntityName,
  claimsOf,
  indexClaims,
} from './applicationEntity';

const component = (
  name: string,
  annotations: Record<string, string>,
  owner?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: owner ? { owner } : {},
});

describe('claimsOf', () => {
  const index = indexClaims([
    component('b-by-name', { 'argocd/app-name': 'payments' }, 'team-b'),
    component(
      'a-by-id',
      {
        'backstage.io/kubernetes-id': 'payments-gateway',
        'argocd/app-name': 'payments',
      },
      'team-a',
    ),
    component('other-instance', {
      'argocd/app-name': 'payments',
      'argocd/instance-name': 'west',
    }),
  ]);

  it('finds Components by app name (on any or the named instance) and Kubernetes id, each once, sorted', () => {
    expect(
      claimsOf(
        index,
        'east',
        application('payments', { kubernetesId: 'payments-gateway' }),
      ),
    ).toEqual([
      {
        ref: 'component:default/a-by-id',
        owner: 'team-a',
        appName: 'payments',
        kubernetesId: 'payments-gateway',
      },
      {
        ref: 'component:default/b-by-name',
        owner: 'team-b',
        appName: 'payments',
      },
    ]);
    expect(
      claimsOf(index, 'west', application('payments')).map(c => c.ref),
    ).toEqual([
      'component:default/a-by-id',
      'component:default/b-by-name',
      'component:default/other-instance',
    ]);
  });

  it('finds none for an Application nobody names', () => {
    expect(claimsOf(index, 'east', application('ghost'))).toEqual([]);
  });
});

describe('applicationEntityName', () => {
  it('prefixes the instance, and refuses what the catalog cannot hold', () => {
    expect(applicationEntityName('east', application('payments'))).toBe(
      'east-payments',
    );
    expect(
      applicationEntityName('east', application('x'.repeat(60))),
    ).toBeUndefined();
  });
});
