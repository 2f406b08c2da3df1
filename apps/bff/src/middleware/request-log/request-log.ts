// One structured `request` line per request, and an `X-Request-Id` on every answer to match it.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { BffEnv } from '../../context';
import type { Logger } from '../../logger';
import { createUpstreamTiming } from './upstream-timing';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/**
 * An inbound id is kept only when it looks like one (a UUID, a proxy's hex or base64url id): anything
 * else could forge log lines or smuggle data into them, and is replaced by a fresh UUID.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;
/** Paths name workspaces, repositories and files: useful, but not worth unbounded log lines. */
const MAX_LOGGED_PATH = 512;

export interface RequestLogOptions {
  logger: Logger;
  /** Clock in milliseconds (the app's injected clock, so tests control durations). */
  now: () => number;
}

/**
 * Logs method, path (never the query string: `/bff/callback` carries the authorization code and state
 * there), the route pattern that answered, status, duration to the response head, the part of it spent
 * waiting on Bitbucket, and the request id. Never a header, a cookie or a body.
 */
export function requestLog(options: RequestLogOptions): MiddlewareHandler<BffEnv> {
  const { logger, now } = options;
  return async function requestLogMiddleware(c, next) {
    const start = now();
    const requestId = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    const timing = createUpstreamTiming(now);
    c.set('requestId', requestId);
    c.set('upstreamTiming', timing);
    try {
      await next();
    } finally {
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
      logRequest(logger, {
        requestId,
        method: c.req.method,
        path: c.req.path,
        route: matchedRoute(c),
        status: c.res.status,
        durationMs: Math.max(0, now() - start),
        upstreamMs: timing.totalMs,
      });
    }
  };
}

/** The inbound id when it looks like one, else a fresh UUID. */
export function requestIdFor(inbound: string | undefined): string {
  return inbound !== undefined && REQUEST_ID_PATTERN.test(inbound) ? inbound : crypto.randomUUID();
}

export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  route: string | undefined;
  status: number;
  durationMs: number;
  upstreamMs: number;
}

/** The one line per request, written the same way by the middleware and by Node's fast path. */
export function logRequest(logger: Logger, line: RequestLine): void {
  logger.info('request', { ...line, path: line.path.slice(0, MAX_LOGGED_PATH) });
}

/** The pattern of the handler that answered (`/api/*`, `/bff/session`), or undefined if none matched. */
function matchedRoute(c: Parameters<MiddlewareHandler<BffEnv>>[0]): string | undefined {
  try {
    const route = routePath(c);
    return route === '*' || route === '/*' ? undefined : route;
  } catch {
    return undefined;
  }
}
