import { ResponseError } from '@backstage/errors';

/** An Argo CD instance of `argocd.appLocatorMethods`. */
export interface ArgoCdInstance {
  name: string;
  /** Base URL, without a trailing slash. */
  url: string;
  auth: { token: string } | { username: string; password: string };
}

/** The fields of an `argoproj.io/v1alpha1` Application the provider reads. */
export interface ArgoCdApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    project?: string;
    source?: { repoURL?: string; path?: string; targetRevision?: string };
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    /** The deployments Argo CD made, oldest first (`deployedAt`: RFC 3339). */
    history?: Array<{ deployedAt?: string; revision?: string }> | null;
    /** The last sync operation (`finishedAt`: RFC 3339). */
    operationState?: { phase?: string; finishedAt?: string };
  };
}

/** One event of `/api/v1/stream/applications`. */
export interface ApplicationEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  application: ArgoCdApplication;
}

function namespaceQuery(appNamespace?: string): string {
  return appNamespace
    ? `?appNamespace=${encodeURIComponent(appNamespace)}`
    : '';
}

/** The `/api/v1` calls made to one instance (this provider's, and the bookstore tech insights facts). */
export class ArgoCdClient {
  private sessionToken?: string;

  constructor(
    readonly instance: ArgoCdInstance,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Every Application (`GET /api/v1/applications`) and the list's resourceVersion. */
  async listApplications(): Promise<{
    items: ArgoCdApplication[];
    resourceVersion?: string;
  }> {
    const response = await this.get(
      '/api/v1/applications',
      AbortSignal.timeout(this.requestTimeoutMs),
    );
    const body = (await response.json()) as {
      metadata?: { resourceVersion?: string };
      items?: ArgoCdApplication[] | null;
    };
    return {
      items: body.items ?? [],
      resourceVersion: body.metadata?.resourceVersion,
    };
  }

  /** One Application (`GET /api/v1/applications/{name}`). */
  async getApplication(
    name: string,
    appNamespace?: string,
  ): Promise<ArgoCdApplication> {
    const response = await this.get(
      `/api/v1/applications/${encodeURIComponent(name)}${namespaceQuery(
        appNamespace,
      )}`,
      AbortSignal.timeout(this.requestTimeoutMs),
    );
    return (await response.json()) as ArgoCdApplication;
  }

  /**
   * The Application's rendered manifests, parsed
   * (`GET /api/v1/applications/{name}/manifests`: `manifests` are JSON strings).
   */
  async getManifests(
    name: string,
    appNamespace?: string,
  ): Promise<Array<Record<string, unknown>>> {
    const response = await this.get(
      `/api/v1/applications/${encodeURIComponent(
        name,
      )}/manifests${namespaceQuery(appNamespace)}`,
      AbortSignal.timeout(this.requestTimeoutMs),
    );
    const body = (await response.json()) as { manifests?: string[] | null };
    return (body.manifests ?? []).map(m => JSON.parse(m));
  }

  /**
   * Streams `/api/v1/stream/applications` (newline-delimited `{"result": …}`),
   * calling `onEvent` for each, until the server ends it or `signal` aborts.
   */
  async streamApplications(
    onEvent: (event: ApplicationEvent) => void,
    signal: AbortSignal,
    resourceVersion?: string,
  ): Promise<void> {
    const query = resourceVersion
      ? `?resourceVersion=${encodeURIComponent(resourceVersion)}`
      : '';
    const response = await this.get(
      `/api/v1/stream/applications${query}`,
      signal,
    );
    if (!response.body) {
      return;
    }
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter(l => l.trim())) {
        const message = JSON.parse(line) as {
          result?: ApplicationEvent;
          error?: { message?: string; http_code?: number };
        };
        if (message.error) {
          throw new Error(
            `Argo CD instance ${this.instance.name} ended the stream: ${message.error.message}`,
          );
        }
        if (message.result?.application?.metadata?.name) {
          onEvent(message.result);
        }
      }
    }
  }

  private async get(path: string, signal: AbortSignal): Promise<Response> {
    const response = await fetch(`${this.instance.url}${path}`, {
      headers: { authorization: `Bearer ${await this.token(signal)}` },
      signal,
    });
    if (response.status === 401 && this.sessionToken) {
      this.sessionToken = undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async token(signal: AbortSignal): Promise<string> {
    const auth = this.instance.auth;
    if ('token' in auth) {
      return auth.token;
    }
    if (!this.sessionToken) {
      const response = await fetch(`${this.instance.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(auth),
        signal,
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      this.sessionToken = ((await response.json()) as { token: string }).token;
    }
    return this.sessionToken;
  }
}
