import { Config } from '@backstage/config';
import { isChildPath } from '@backstage/backend-plugin-api';
import { resolve } from 'node:path';
import { LOCAL_GIT_LOCATION_TYPE } from './localGitLocation';

/** Publishing to bare git repositories on this machine. */
export interface LocalPublishConfig {
  /** Absolute: the bare repositories `<name>.git` and the working copies `<name>/`. */
  directory: string;
}

/** `bookstore.publish`, with its defaults filled in. */
export interface PublishConfig {
  target: 'github' | 'local';
  github: { host: string; owner: string };
  /** Set when `target` is `local`. */
  local?: LocalPublishConfig;
}

/**
 * Reads `bookstore.publish`. With `target: local` the directory must be set; the
 * catalog module of this package and the publish and register actions all take
 * it from here. Each published repository is registered as a location of its
 * own, so a `file` location in `catalog.locations` that reads the directory
 * (e.g. the former glob of the working copies) is a startup error: it would
 * read every working copy a second time and claim their entities.
 */
export function readPublishConfig(config: Config): PublishConfig {
  const publish = config.getOptionalConfig('bookstore.publish');
  const target = publish?.getOptionalString('target') ?? 'github';
  if (target !== 'github' && target !== 'local') {
    throw new Error(
      `Invalid config value at 'bookstore.publish.target': '${target}' is not one of github, local`,
    );
  }
  const github = {
    host: publish?.getOptionalString('github.host') ?? 'github.com',
    owner: publish?.getOptionalString('github.owner') ?? 'bookstore-platform',
  };
  if (target === 'github') {
    return { target, github };
  }

  const configured = publish?.getOptionalString('local.directory');
  if (!configured) {
    throw new Error(
      "Missing required config value at 'bookstore.publish.local.directory': bookstore.publish.target is local",
    );
  }
  const directory = resolve(configured);
  const reading = (config.getOptionalConfigArray('catalog.locations') ?? [])
    .filter(location => location.getOptionalString('type') === 'file')
    .map(location => location.getOptionalString('target') ?? '')
    .find(path => isChildPath(directory, resolve(path)));
  if (reading) {
    throw new Error(
      `Invalid config value at 'catalog.locations': the file location ${reading} reads the published repositories of bookstore.publish.local.directory; remove it, each published repository is registered as a ${LOCAL_GIT_LOCATION_TYPE} location of its own`,
    );
  }
  return { target, github, local: { directory } };
}
