// Behind a trusted TLS-terminating proxy, sends plain-http requests back to the https public URL.
import type { MiddlewareHandler } from 'hono';
import { BffError } from '../../errors';

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
    const proto = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase();
    if (proto === undefined || proto === 'https') {
      await next();
      return;
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      const url = new URL(c.req.url);
      return c.redirect(`${publicOrigin}${url.pathname}${url.search}`, 308);
    }
    throw new BffError('forbidden', { message: 'Pail only accepts requests over https.' });
  };
}
