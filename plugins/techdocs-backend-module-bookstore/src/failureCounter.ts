import { metrics } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/** What failed: building an entity's site (local builder) or reading a published one. */
export type TechDocsFailureStage = 'build' | 'read';

/** The counter's attributes: the entity as `kind:namespace/name` (lower case) and the stage. */
export type TechDocsFailure = { entity: string; stage: TechDocsFailureStage };

const entityRoute =
  /^\/(metadata\/techdocs|static\/docs|sync)\/([^/]+)\/([^/]+)\/([^/]+)(?:\/|$)/;

/**
 * Which failure a finished TechDocs request is, from its route and answer, if any:
 * - `GET /sync/:namespace/:kind/:name` whose event stream carries an `error` event: a build
 *   failed (the local builder; with the external builder the portal never builds);
 * - `GET /metadata/techdocs/...` answered 4xx/5xx (no site published for the entity, storage
 *   unreachable), or `GET /static/docs/...` answered 5xx: a read failed.
 */
export function classifyTechDocsRequest(
  path: string,
  status: number,
  streamedError: boolean,
): TechDocsFailure | undefined {
  const match = entityRoute.exec(path);
  if (!match) {
    return undefined;
  }
  const [, route, namespace, kind, name] = match.map(decodeURIComponent);
  const entity = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
  if (route === 'sync') {
    return streamedError || status >= 400
      ? { entity, stage: 'build' }
      : undefined;
  }
  const failed = route === 'static/docs' ? status >= 500 : status >= 400;
  return failed ? { entity, stage: 'read' } : undefined;
}

/**
 * Express middleware for the TechDocs backend's router: counts every failed build and read in
 * the OpenTelemetry counter `techdocs_build_failures_total{entity,stage}`.
 */
export function createTechDocsFailureCounter() {
  const failures = metrics
    .getMeter('bookstore-portal')
    .createCounter('techdocs_build_failures_total', {
      description:
        'TechDocs builds (stage=build) and reads of published sites (stage=read) that failed, per entity',
    });
  return (req: Request, res: Response, next: NextFunction) => {
    let streamedError = false;
    if (req.path.startsWith('/sync/')) {
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (String(chunk).includes('event: error')) {
          streamedError = true;
        }
        return write(chunk, ...rest);
      }) as Response['write'];
    }
    res.on('finish', () => {
      const failure = classifyTechDocsRequest(
        req.path,
        res.statusCode,
        streamedError,
      );
      if (failure) {
        failures.add(1, failure);
      }
    });
    next();
  };
}
