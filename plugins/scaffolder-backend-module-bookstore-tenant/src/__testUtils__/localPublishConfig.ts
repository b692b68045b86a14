import { join } from 'node:path';
import { PublishConfig } from '../lib/readPublishConfig';

/**
 * The publish config of a portal that publishes to bare repositories in
 * `directory`, as `readPublishConfig` reads it from app-config.
 */
export function localPublishConfig(
  directory: string,
  entityRef = 'location:default/generated-x',
): PublishConfig {
  return {
    target: 'local',
    github: { host: 'github.com', owner: 'bookstore-platform' },
    local: {
      directory,
      catalogLocation: {
        target: join(directory, '*', 'catalog-info.yaml'),
        entityRef,
      },
    },
  };
}
