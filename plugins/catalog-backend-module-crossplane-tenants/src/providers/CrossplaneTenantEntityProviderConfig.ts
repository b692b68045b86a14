import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_TEAM_LABEL,
  TENANT_API_GROUP,
  TENANT_API_VERSION,
  TENANT_CLAIM_PLURAL,
  TENANT_COMPOSITE_PLURAL,
} from '@internal/plugin-bookstore-tenant-common';
import type { KubernetesObjectRef } from '@internal/plugin-bookstore-tenant-node';

const CONFIG_KEY = 'catalog.providers.crossplaneTenants';

/** One provider instance's configuration, with defaults applied. */
export interface CrossplaneTenantProviderConfig {
  id: string;
  fallbackOwner: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Cluster names to read; undefined means every configured cluster. */
  clusters?: string[];
  teamLabel: string;
  excludeNamespaces: string[];
  claims?: KubernetesObjectRef;
  composites?: KubernetesObjectRef;
  composedResources: boolean;
  watch: boolean;
  /** How long one replica holds the watches per run of the watch task (its scheduler lock). */
  watchLease: HumanDuration;
  pageSize: number;
  requestTimeoutMs: number;
}

function readCollection(
  config: Config,
  key: 'claims' | 'composites',
  plural: string,
): KubernetesObjectRef | undefined {
  if (config.getOptional(key) === false) {
    return undefined;
  }
  const collection = config.getOptionalConfig(key);
  return {
    group: collection?.getString('group') ?? TENANT_API_GROUP,
    version: collection?.getString('version') ?? TENANT_API_VERSION,
    plural: collection?.getString('plural') ?? plural,
  };
}

function readInstance(id: string, config: Config, at: string) {
  const fallbackOwner = config.getString('fallbackOwner');
  let owner: string;
  try {
    owner = stringifyEntityRef(
      parseEntityRef(fallbackOwner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `${at}.fallbackOwner '${fallbackOwner}' is not an entity ref`,
      error,
    );
  }
  if (!config.has('schedule')) {
    throw new InputError(
      `Missing required config value '${at}.schedule': the Crossplane tenant provider needs a schedule for its full runs`,
    );
  }
  const claims = readCollection(config, 'claims', TENANT_CLAIM_PLURAL);
  const composites = readCollection(
    config,
    'composites',
    TENANT_COMPOSITE_PLURAL,
  );
  if (!claims && !composites) {
    throw new InputError(
      `${at}: claims and composites are both false; the provider would read nothing`,
    );
  }
  const pageSize = config.getOptionalNumber('pageSize') ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InputError(`${at}.pageSize must be a positive whole number`);
  }
  return {
    id,
    fallbackOwner: owner,
    schedule: readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig('schedule'),
    ),
    clusters: config.getOptionalStringArray('clusters'),
    teamLabel: config.getOptionalString('teamLabel') ?? DEFAULT_TEAM_LABEL,
    excludeNamespaces: config.getOptionalStringArray('excludeNamespaces') ?? [],
    claims,
    composites,
    composedResources: config.getOptionalBoolean('composedResources') ?? false,
    watch: config.getOptionalBoolean('watch') ?? true,
    watchLease: config.has('watchLease')
      ? readDurationFromConfig(config, { key: 'watchLease' })
      : { seconds: 15 },
    pageSize,
    requestTimeoutMs: config.getOptionalNumber('requestTimeoutMs') ?? 10_000,
  };
}

/**
 * Reads `catalog.providers.crossplaneTenants`: one instance (id `default`) or
 * several keyed by id. No section means no providers.
 */
export function readProviderConfigs(
  config: Config,
): CrossplaneTenantProviderConfig[] {
  const section = config.getOptionalConfig(CONFIG_KEY);
  if (!section) {
    return [];
  }
  if (section.has('fallbackOwner') || section.has('schedule')) {
    return [readInstance('default', section, CONFIG_KEY)];
  }
  return section
    .keys()
    .map(id => readInstance(id, section.getConfig(id), `${CONFIG_KEY}.${id}`));
}
