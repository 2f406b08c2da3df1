// Behind a trusted TLS-terminating proxy, sends plain-http requests back to the https public URL.
import type { Context, MiddlewareHandler } from 'hono';
import { CSRF_HEADER } from '@pail/shared';
import { BffError } from '../../errors';

/** A page load a browser can follow to https; API calls (`/api`, `X-CSRF`, fetch modes) get an error instead. */
function isNavigation(c: Context): boolean {
  const mode = c.req.header('Sec-Fetch-Mode');
  return (
    (c.req.method === 'GET' || c.req.method === 'HEAD') &&
    !/^\/api(?:\/|$)/.test(c.req.path) &&
    c.req.header(CSRF_HEADER) === undefined &&
    (mode === undefined || mode === 'navigate')
  );
}

/** Whether every hop of `X-Forwarded-Proto` says https (no header: the trusted proxy did not say otherwise). */
export function forwardedOverHttps(header: string | undefined): boolean {
  // Every hop must say https: a proxy that appends leaves the client's own words in front.
  const protos = header?.split(',');
  return protos === undefined || protos.every((proto) => proto.trim().toLowerCase() === 'https');
}

export interface RequireHttpsOptions {
  /** The https origin users load (`PAIL_PUBLIC_URL`); redirects go there, never to the request's Host. */
  publicOrigin: string;
}

/**
 * Only mounted when `PAIL_TRUST_PROXY` is set in production: `X-Forwarded-Proto` is believed from a proxy
 * Pail was told to trust, and from no one else. A navigation over http is redirected (308) to the same path
 * on the public origin; anything else is refused, since its cookies and body already crossed in the clear.
 */
export function requireHttps(options: RequireHttpsOptions): MiddlewareHandler {
  const { publicOrigin } = options;
  return async function requireHttpsMiddleware(c, next) {
    if (forwardedOverHttps(c.req.header('X-Forwarded-Proto'))) {
      await next();
      return;
    }
    if (isNavigation(c)) {
      const url = new URL(c.req.url);
      return c.redirect(`${publicOrigin}${url.pathname}${url.search}`, 308);
    }
    throw new BffError('forbidden', { message: 'Pail only accepts requests over https.' });
  };
}
