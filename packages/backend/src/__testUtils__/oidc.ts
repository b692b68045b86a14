import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves an OpenID Connect discovery document, as Keycloak does for a realm, so that the
 * production configuration's OIDC provider can start in tests. Nothing signs in through it.
 */
export async function serveOidcDiscovery(): Promise<{
  metadataUrl: string;
  close(): Promise<void>;
}> {
  let issuer = '';
  const server = createServer((req, res) => {
    if (req.url !== '/realms/bookstore/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/realms/bookstore`;
  return {
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}
