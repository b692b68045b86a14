import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createHash,
  createVerify,
  generateKeyPairSync,
  randomUUID,
} from 'node:crypto';

/** A repository of the organisation and its files on main (path → content). */
export interface FakeRepository {
  name: string;
  files: Record<string, string>;
}

/**
 * A GitHub Enterprise speaking what the catalog's GitHub module and URL reader call, under
 * `/api/v3` and `/api/graphql`: the GitHub App flow (GET /app/installations and POST
 * /app/installations/:id/access_tokens with the App's RS256 JWT, verified against its key), the
 * organisation's repositories with their catalog file (GraphQL `repositoryOwner.repositories`)
 * file contents (GET /repos/:owner/:repo/contents/:path?ref=) and, for glob locations, the
 * branch's commit status, recursive tree and blobs (git SHA-1 ids of the files). Everything but the App
 * endpoints needs an installation token. `failing` answers 503 to everything.
 */
export async function startFakeGithub(options: {
  organization: string;
  appId: number;
  repositories: FakeRepository[];
}) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const state = { ...options, failing: false, requests: 0 };
  const tokens = new Set<string>();
  let host = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    return JSON.parse(body || '{}');
  };
  const validAppJwt = (authorization?: string) => {
    const [header, payload, signature] =
      authorization?.replace(/^bearer /i, '').split('.') ?? [];
    if (!header || !payload || !signature) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    return (
      verified &&
      String(claims.iss) === String(state.appId) &&
      claims.exp * 1000 > Date.now()
    );
  };
  const repositoryNode = (repo: FakeRepository, catalogPathRef: string) => {
    const [, path] = catalogPathRef.split(':');
    const text = repo.files[path];
    return {
      name: repo.name,
      catalogInfoFile:
        text === undefined
          ? null
          : { __typename: 'Blob', id: randomUUID(), text },
      url: `https://${host}/${state.organization}/${repo.name}`,
      isArchived: false,
      isFork: false,
      visibility: 'INTERNAL',
      repositoryTopics: { nodes: [] },
      defaultBranchRef: { name: 'main' },
    };
  };

  const server = createServer(async (req, res) => {
    state.requests += 1;
    if (state.failing) {
      json(res, 503, { message: 'Service Unavailable' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://github');
    const path = url.pathname;
    if (path === '/api/v3/app/installations' && req.method === 'GET') {
      if (!validAppJwt(req.headers.authorization)) {
        json(res, 401, { message: 'A JSON web token could not be decoded' });
        return;
      }
      json(res, 200, [
        {
          id: 1,
          account: { login: state.organization, type: 'Organization' },
          target_type: 'Organization',
          repository_selection: 'all',
          suspended_at: null,
        },
      ]);
      return;
    }
    if (
      path === '/api/v3/app/installations/1/access_tokens' &&
      req.method === 'POST'
    ) {
      if (!validAppJwt(req.headers.authorization)) {
        json(res, 401, { message: 'A JSON web token could not be decoded' });
        return;
      }
      const token = `ghs_${randomUUID().replace(/-/g, '')}`;
      tokens.add(token);
      json(res, 201, {
        token,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        repository_selection: 'all',
        permissions: { contents: 'read', metadata: 'read' },
      });
      return;
    }
    const token = req.headers.authorization?.replace(/^(token|bearer) /i, '');
    if (!token || !tokens.has(token)) {
      json(res, 401, { message: 'Bad credentials' });
      return;
    }
    if (path === '/api/graphql' && req.method === 'POST') {
      const { variables } = await readJson(req);
      if (variables?.org !== state.organization) {
        json(res, 200, { data: { repositoryOwner: null } });
        return;
      }
      json(res, 200, {
        data: {
          repositoryOwner: {
            login: state.organization,
            repositories: {
              nodes: state.repositories.map(r =>
                repositoryNode(r, variables.catalogPathRef),
              ),
              pageInfo: { hasNextPage: false, endCursor: null },
            },
          },
        },
      });
      return;
    }
    const repoPath = path.match(/^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(.+)$/);
    const repo =
      repoPath?.[1] === state.organization
        ? state.repositories.find(r => r.name === repoPath[2])
        : undefined;
    const api = `http://${req.headers.host}/api/v3/repos/${state.organization}/${repo?.name}`;
    if (repo && repoPath?.[3] === 'commits/main/status') {
      json(res, 200, {
        state: 'success',
        sha: commitSha(repo),
        repository: {
          full_name: `${state.organization}/${repo.name}`,
          trees_url: `${api}/git/trees{/sha}`,
          archive_url: `${api}/{archive_format}{/ref}`,
        },
      });
      return;
    }
    if (repo && repoPath?.[3] === `git/trees/${commitSha(repo)}`) {
      json(res, 200, {
        sha: commitSha(repo),
        truncated: false,
        tree: Object.entries(repo.files).map(([filePath, text]) => ({
          path: filePath,
          type: 'blob',
          sha: blobSha(text),
          url: `${api}/git/blobs/${blobSha(text)}`,
        })),
      });
      return;
    }
    const blob = repoPath?.[3].match(/^git\/blobs\/([0-9a-f]{40})$/);
    const blobText = Object.values(repo?.files ?? {}).find(
      t => blob && blobSha(t) === blob[1],
    );
    if (blob && blobText !== undefined) {
      json(res, 200, {
        sha: blob[1],
        encoding: 'base64',
        content: Buffer.from(blobText).toString('base64'),
      });
      return;
    }
    const contents = repoPath?.[3].match(/^contents\/(.+)$/);
    if (repo && contents && req.method === 'GET') {
      const text =
        url.searchParams.get('ref') === 'main'
          ? repo.files[decodeURIComponent(contents[1])]
          : undefined;
      if (text === undefined) {
        json(res, 404, { message: 'Not Found' });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw' });
      res.end(text);
      return;
    }
    json(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  host = `github.bookstore.test`;
  const apiBaseUrl = `http://127.0.0.1:${port}/api/v3`;
  return {
    host,
    apiBaseUrl,
    /** integrations.github for this GitHub, authenticated as its GitHub App. */
    integrationConfig: {
      integrations: {
        github: [
          {
            host,
            apiBaseUrl,
            apps: [
              {
                appId: options.appId,
                clientId: 'Iv1.bookstore',
                clientSecret: 'unused',
                webhookSecret: 'unused',
                privateKey: privateKey
                  .export({ type: 'pkcs1', format: 'pem' })
                  .toString(),
              },
            ],
          },
        ],
      },
    },
    state,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** Git's id of a blob. */
function blobSha(text: string): string {
  const content = Buffer.from(text);
  return createHash('sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
}

/** A commit id that changes whenever a file of the repository does. */
function commitSha(repo: FakeRepository): string {
  return createHash('sha1')
    .update(JSON.stringify(Object.entries(repo.files).sort()))
    .digest('hex');
}

/** A repository's catalog-info.yaml: one service Component. */
export const componentYaml = (
  name: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: group:default/payments-team
`;

/** A platform repository's templates/new-bookstore-service/template.yaml with `title`. */
export const templateYaml = (
  title: string,
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: new-bookstore-service
  title: ${title}
spec:
  owner: group:default/platform-team
  type: service
  steps: []
`;
