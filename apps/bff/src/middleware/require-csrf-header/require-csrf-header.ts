// Refuses any request to a BFF XHR endpoint that a cross-site page could have sent (BBA §6.1.3.3).
import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@pail/shared';
import { BffError } from '../../errors';
import type { Logger } from '../../logger';

export interface RequireCsrfHeaderOptions {
  /** The app's origin (`PAIL_PUBLIC_URL`): an `Origin` header, when sent, must equal it. */
  publicOrigin: string;
  logger: Logger;
}

/**
 * Requires `X-CSRF: 1` on every method, GET included. A custom header cannot be sent cross-origin without
 * a CORS preflight, and the BFF answers no preflight. Fetch metadata and `Origin`, when the browser sends
 * them, must also say same-origin (defence in depth, ASVS 3.5.3).
 */
export function requireCsrfHeader(options: RequireCsrfHeaderOptions): MiddlewareHandler {
  const { publicOrigin, logger } = options;
  return async function requireCsrfHeaderMiddleware(c, next) {
    const refusal = csrfRefusal((name) => c.req.header(name), {
      publicOrigin,
      logger,
      method: c.req.method,
      route: c.req.routePath,
    });
    if (refusal !== undefined) throw refusal;
    await next();
  };
}

/**
 * The check itself, for callers outside Hono (the `/api` proxy's shared core): logs and returns the error to
 * answer with, or undefined when the request may go on. `header` reads a request header by name.
 */
export function csrfRefusal(
  header: (name: string) => string | undefined,
  options: RequireCsrfHeaderOptions & { method: string; route: string },
): BffError | undefined {
  const { publicOrigin, logger } = options;
  let reason: string | undefined;
  const fetchSite = header('Sec-Fetch-Site');
  const origin = header('Origin');
  if (header(CSRF_HEADER) !== CSRF_HEADER_VALUE) reason = 'missing_header';
  else if (fetchSite !== undefined && fetchSite !== 'same-origin') reason = 'cross_site';
  else if (origin !== undefined && origin !== publicOrigin) reason = 'foreign_origin';
  if (reason === undefined) return undefined;
  logger.warn('csrf.rejected', { reason, method: options.method, route: options.route });
  return new BffError('csrf_required', {
    message:
      reason === 'missing_header'
        ? 'This endpoint needs the X-CSRF: 1 header from the Pail app.'
        : 'Cross-site requests are not allowed.',
  });
}
