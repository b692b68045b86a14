import type {
  HttpAuthService,
  HttpRouterService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/** An Express request handler, as `HttpRouterService.use` takes it. */
export type RequestHandler = Parameters<HttpRouterService['use']>[0];
type Request = Parameters<RequestHandler>[0];

/** Methods that only read (RFC 9110 safe methods). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request only reads. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * A request handler that lets a request through when `applies` says it is not gated, and
 * otherwise only when `permission` is granted to the request's caller (user or backend
 * service, from its token); else `NotAllowedError` (403) naming the permission.
 */
export function createPermissionGate(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permission: BasicPermission;
  applies: (request: Request) => boolean;
}): RequestHandler {
  const { httpAuth, permissions, permission, applies } = options;
  return (req, _res, next) => {
    if (!applies(req)) {
      next();
      return;
    }
    (async () => {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize([{ permission }], {
        credentials,
      });
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `${req.method} ${req.originalUrl} needs the permission ${permission.name}`,
        );
      }
    })().then(() => next(), next);
  };
}
