import { Config } from '@backstage/config';

/** Names of the Argo CD instances the Argo CD backend plugin is configured with. */
export function argoCdInstanceNames(config: Config): string[] {
  return (config.getOptionalConfigArray('argocd.appLocatorMethods') ?? [])
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('instances') ?? [])
    .map(instance => instance.getString('name'));
}
