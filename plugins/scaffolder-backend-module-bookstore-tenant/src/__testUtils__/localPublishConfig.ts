import { PublishConfig } from '../lib/readPublishConfig';

/**
 * The publish config of a portal that publishes to bare repositories in
 * `directory`, as `readPublishConfig` reads it from app-config.
 */
export function localPublishConfig(directory: string): PublishConfig {
  return {
    target: 'local',
    github: { host: 'github.com', owner: 'bookstore-platform' },
    local: { directory },
  };
}
