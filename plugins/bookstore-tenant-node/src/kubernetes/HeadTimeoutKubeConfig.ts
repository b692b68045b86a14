import { KubeConfig } from '@kubernetes/client-node';

/**
 * A `KubeConfig` whose fetch options carry a timeout: the library's `Watch`
 * asks for its options without one, and a watch whose answer never comes
 * would otherwise wait for ever.
 */
export class HeadTimeoutKubeConfig extends KubeConfig {
  readonly #headTimeoutMs: number;

  constructor(headTimeoutMs: number) {
    super();
    this.#headTimeoutMs = headTimeoutMs;
  }

  override applyToFetchOptions(
    options: Parameters<KubeConfig['applyToFetchOptions']>[0],
  ) {
    return super.applyToFetchOptions({
      timeout: this.#headTimeoutMs,
      ...options,
    });
  }
}
