import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  KubernetesValidatorFunctions,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { ArgoCdApplication } from '../lib/ArgoCdClient';

/** `spec.type` of the entities this module makes. */
export const APPLICATION_ENTITY_TYPE = 'argocd-application';
/** The Component annotation (Roadie's) naming an Application. */
export const APP_NAME_ANNOTATION = 'argocd/app-name';
/** The Component annotation (Roadie's) naming the instance of `argocd/app-name`. */
export const INSTANCE_NAME_ANNOTATION = 'argocd/instance-name';
/** The Kubernetes id: an Application label and a Component annotation. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** `'true'` when a Component claims the Application, `'false'` for a ghost service. */
export const CLAIMED_LABEL = 'argocd.bookstore.io/claimed';
/** The provider that made the entity. */
export const PROVIDER_ANNOTATION = 'argocd.bookstore.io/provider';

/** A Component that may claim Applications, as the catalog returns it. */
export interface ClaimingComponent {
  ref: string;
  owner?: string;
  appName?: string;
  instanceName?: string;
  kubernetesId?: string;
}

/** The Components of the catalog, by what they claim. */
export interface ClaimIndex {
  byAppName: Map<string, ClaimingComponent[]>;
  byKubernetesId: Map<string, ClaimingComponent[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/** Indexes Components by `argocd/app-name` and `backstage.io/kubernetes-id`. */
export function indexClaims(components: Entity[]): ClaimIndex {
  const index: ClaimIndex = { byAppName: new Map(), byKubernetesId: new Map() };
  for (const entity of components) {
    const annotations = entity.metadata.annotations ?? {};
    const component: ClaimingComponent = {
      ref: stringifyEntityRef(entity),
      owner:
        typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
      appName: annotations[APP_NAME_ANNOTATION],
      instanceName: annotations[INSTANCE_NAME_ANNOTATION],
      kubernetesId: annotations[KUBERNETES_ID],
    };
    if (component.appName) {
      push(index.byAppName, component.appName, component);
    }
    if (component.kubernetesId) {
      push(index.byKubernetesId, component.kubernetesId, component);
    }
  }
  return index;
}

/** The Components claiming an Application of `instance`, sorted by ref. */
export function claimsOf(
  index: ClaimIndex,
  instance: string,
  application: ArgoCdApplication,
): ClaimingComponent[] {
  const kubernetesId = application.metadata.labels?.[KUBERNETES_ID];
  const found = [
    ...(index.byAppName.get(application.metadata.name) ?? []).filter(
      c => !c.instanceName || c.instanceName === instance,
    ),
    ...(kubernetesId ? index.byKubernetesId.get(kubernetesId) ?? [] : []),
  ];
  const byRef = new Map(found.map(c => [c.ref, c]));
  return [...byRef.values()].sort((a, b) => a.ref.localeCompare(b.ref));
}

/** The entity name of an Application: `<instance>-<application>`, if the catalog can hold it. */
export function applicationEntityName(
  instance: string,
  application: ArgoCdApplication,
): string | undefined {
  const name = `${instance}-${application.metadata.name}`;
  return KubernetesValidatorFunctions.isValidObjectName(name)
    ? name
    : undefined;
}

/** What the provider knows to make an Application's entity. */
export interface ApplicationContext {
  provider: string;
  instance: { name: string; url: string };
  fallbackOwner: string;
  claims: ClaimingComponent[];
}

/**
 * The `Resource` entity of one Application: owned by the first claiming
 * Component's owner (else the fallback owner), a dependency of every claiming
 * Component, labelled `argocd.bookstore.io/claimed`, with Roadie's
 * `argocd/app-name`/`argocd/instance-name` so the Argo CD tab works on it.
 */
export function applicationEntity(
  name: string,
  application: ArgoCdApplication,
  context: ApplicationContext,
): Entity {
  const { metadata, spec = {}, status = {} } = application;
  const appNamespace = metadata.namespace ?? 'argocd';
  const location = `url:${context.instance.url}/applications/${appNamespace}/${metadata.name}`;
  const owner = context.claims.find(c => c.owner)?.owner;
  const kubernetesId = metadata.labels?.[KUBERNETES_ID];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: metadata.name,
      description: `Argo CD Application ${appNamespace}/${metadata.name} of instance ${context.instance.name}`,
      labels: { [CLAIMED_LABEL]: String(context.claims.length > 0) },
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [PROVIDER_ANNOTATION]: context.provider,
        [APP_NAME_ANNOTATION]: metadata.name,
        [INSTANCE_NAME_ANNOTATION]: context.instance.name,
        ...(kubernetesId ? { [KUBERNETES_ID]: kubernetesId } : {}),
      },
    },
    spec: {
      type: APPLICATION_ENTITY_TYPE,
      owner: owner ?? context.fallbackOwner,
      ...(context.claims.length > 0
        ? { dependencyOf: context.claims.map(c => c.ref) }
        : {}),
      argocd: {
        instance: context.instance.name,
        namespace: appNamespace,
        project: spec.project ?? 'default',
        ...(spec.source?.repoURL ? { repoURL: spec.source.repoURL } : {}),
        destination: {
          ...(spec.destination?.name ? { name: spec.destination.name } : {}),
          ...(spec.destination?.server
            ? { server: spec.destination.server }
            : {}),
          ...(spec.destination?.namespace
            ? { namespace: spec.destination.namespace }
            : {}),
        },
        sync: status.sync?.status ?? 'Unknown',
        health: status.health?.status ?? 'Unknown',
      },
    },
  };
}
