import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PublishConfig } from './readPublishConfig';

/**
 * Whether the repository `name` already exists where this portal publishes:
 * locally the bare repository `<directory>/<name>.git`; on GitHub
 * `GET /repos/{owner}/{name}` of the host's integration (its `apiBaseUrl` and
 * credentials), where 404 means it does not.
 */
export async function repositoryExists(
  name: string,
  publish: PublishConfig,
  integrations: ScmIntegrationRegistry,
  signal?: AbortSignal,
): Promise<boolean> {
  if (publish.local) {
    try {
      await stat(join(publish.local.directory, `${name}.git`));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return false;
      }
      throw error;
    }
  }

  const { host, owner } = publish.github;
  const integration = integrations.github.byHost(host);
  const apiBaseUrl = integration?.config.apiBaseUrl;
  if (!apiBaseUrl) {
    throw new Error(
      `bookstore.publish.github.host is ${host}, but integrations.github has no entry with an apiBaseUrl for it`,
    );
  }
  const { headers } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${host}/${owner}/${name}` });
  const url = `${apiBaseUrl}/repos/${encodeURIComponent(
    owner,
  )}/${encodeURIComponent(name)}`;
  const response = await fetch(url, {
    headers: { Accept: 'application/vnd.github+json', ...headers },
    signal,
  });
  if (response.status === 404) {
    return false;
  }
  if (response.ok) {
    return true;
  }
  throw new Error(
    `Could not check whether ${host}/${owner}/${name} exists: GET ${url} answered ${response.status} ${response.statusText}`,
  );
}
