import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { locationSpecToLocationEntity } from '@backstage/plugin-catalog-node';
import { join, resolve } from 'node:path';

/** Publishing to bare git repositories on this machine. */
export interface LocalPublishConfig {
  /** Absolute: the bare repositories `<name>.git` and the working copies `<name>/`. */
  directory: string;
  /** The `file` location in `catalog.locations` that reads the working copies. */
  catalogLocation: {
    /** The glob of the working copies' catalog-info.yaml files, absolute. */
    target: string;
    /** The ref of the Location entity the catalog makes of it, to refresh it. */
    entityRef: string;
  };
}

/** `bookstore.publish`, with its defaults filled in. */
export interface PublishConfig {
  target: 'github' | 'local';
  github: { host: string; owner: string };
  /** Set when `target` is `local`. */
  local?: LocalPublishConfig;
}

/**
 * Reads `bookstore.publish`. With `target: local` the directory must be set and
 * `catalog.locations` must read its working copies (a `file` location whose
 * target is the glob of their catalog-info.yaml files): the catalog accepts only
 * `url` locations at run time, so that static location, refreshed after each
 * publish, is how a locally published service reaches the catalog.
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
  const glob = join(directory, '*', 'catalog-info.yaml');
  const covered = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).some(
    location =>
      location.getOptionalString('type') === 'file' &&
      resolve(location.getOptionalString('target') ?? '') === glob,
  );
  if (!covered) {
    throw new Error(
      `bookstore.publish.target is local, but no entry of catalog.locations reads the published working copies; add one with type: file and target: ${glob}`,
    );
  }
  const entity = locationSpecToLocationEntity({
    location: { type: 'file', target: glob },
  });
  return {
    target,
    github,
    local: {
      directory,
      catalogLocation: { target: glob, entityRef: stringifyEntityRef(entity) },
    },
  };
}
