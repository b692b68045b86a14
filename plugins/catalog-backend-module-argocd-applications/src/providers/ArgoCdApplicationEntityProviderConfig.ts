import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ArgoCdInstance } from '../lib/ArgoCdClient';

const CONFIG_KEY = 'catalog.providers.argocdApplications';
const INSTANCES_KEY = 'argocd.appLocatorMethods';

/** One provider instance's configuration, with defaults applied. */
export interface ArgoCdApplicationProviderConfig {
  id: string;
  fallbackOwner: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  instances: ArgoCdInstance[];
  stream: boolean;
  requestTimeoutMs: number;
}

/**
 * The instances of `argocd.appLocatorMethods` (type `config`), as the Argo CD
 * backend reads them: a token, else a username and password (the instance's or
 * `argocd.username`/`argocd.password`) for a session.
 */
export function readArgoCdInstances(config: Config): ArgoCdInstance[] {
  const username = config.getOptionalString('argocd.username');
  const password = config.getOptionalString('argocd.password');
  return (config.getOptionalConfigArray(INSTANCES_KEY) ?? [])
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('instances') ?? [])
    .map(instance => {
      const name = instance.getString('name');
      const url = instance.getString('url').replace(/\/+$/, '');
      const token = instance.getOptionalString('token');
      if (token) {
        return { name, url, auth: { token } };
      }
      const user = instance.getOptionalString('username') ?? username;
      const secret = instance.getOptionalString('password') ?? password;
      if (!user || !secret) {
        throw new InputError(
          `${INSTANCES_KEY}: Argo CD instance '${name}' has no token and no username/password`,
        );
      }
      return { name, url, auth: { username: user, password: secret } };
    });
}

function readInstance(
  id: string,
  config: Config,
  at: string,
  known: ArgoCdInstance[],
): ArgoCdApplicationProviderConfig {
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
      `Missing required config value '${at}.schedule': the Argo CD Application provider needs a schedule for its full runs`,
    );
  }
  const names = config.getOptionalStringArray('instances');
  const instances = names
    ? names.map(name => {
        const instance = known.find(i => i.name === name);
        if (!instance) {
          throw new InputError(
            `${at}.instances: '${name}' is not an instance of ${INSTANCES_KEY}`,
          );
        }
        return instance;
      })
    : known;
  if (instances.length === 0) {
    throw new InputError(
      `${at}: no Argo CD instance in ${INSTANCES_KEY}; the provider would read nothing`,
    );
  }
  return {
    id,
    fallbackOwner: owner,
    schedule: readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig('schedule'),
    ),
    instances,
    stream: config.getOptionalBoolean('stream') ?? true,
    requestTimeoutMs: config.getOptionalNumber('requestTimeoutMs') ?? 10_000,
  };
}

/**
 * Reads `catalog.providers.argocdApplications`: one instance (id `default`) or
 * several keyed by id, over the Argo CD instances of `argocd.appLocatorMethods`.
 * No section means no providers.
 */
export function readProviderConfigs(
  config: Config,
): ArgoCdApplicationProviderConfig[] {
  const section = config.getOptionalConfig(CONFIG_KEY);
  if (!section) {
    return [];
  }
  const known = readArgoCdInstances(config);
  if (section.has('fallbackOwner') || section.has('schedule')) {
    return [readInstance('default', section, CONFIG_KEY, known)];
  }
  return section
    .keys()
    .map(id =>
      readInstance(id, section.getConfig(id), `${CONFIG_KEY}.${id}`, known),
    );
}
