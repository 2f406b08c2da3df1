// Response hardening for every answer: no sniffing, no referrer, no framing, no opener, no caching of private data.
import type { MiddlewareHandler } from 'hono';
import type { HeaderFields } from '../../http/header-map';

export interface SecurityHeadersOptions {
  /** Send HSTS (only when the public URL is https; on http://localhost it would be ignored or harmful). */
  hsts: boolean;
}

/**
 * JSON and redirects only: nothing the BFF itself answers may load, run or be framed. `default-src` does
 * not cover `base-uri`, `form-action` or `frame-ancestors`, so they are named; `object-src` is named too,
 * so a reader need not know that it falls back.
 */
export const BFF_CONTENT_SECURITY_POLICY =
  "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

const PRIVATE_PATH = /^\/(?:bff|api)(?:\/|$)|^\/(?:healthz|readyz)$/;

export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  return async function securityHeadersMiddleware(c, next) {
    await next();
    hardenHeaders(c.res.headers, c.req.path, options);
  };
}

/** What the middleware does to an answer's headers, for Node's fast path to do the same (`path`: the request's). */
export function hardenHeaders(
  headers: HeaderFields,
  path: string,
  options: SecurityHeadersOptions,
): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  // No other window keeps a handle on Pail's (a popup or opener could otherwise navigate or probe it).
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (options.hsts) headers.set('Strict-Transport-Security', HSTS_VALUE);
  const isJson = headers.get('Content-Type')?.startsWith('application/json') ?? false;
  if (PRIVATE_PATH.test(path) || isJson) {
    headers.set('Cache-Control', 'no-store');
    headers.set('Content-Security-Policy', BFF_CONTENT_SECURITY_POLICY);
    headers.set('X-Frame-Options', 'DENY');
  } else if (!headers.has('Content-Security-Policy')) {
    // Whatever answered without a policy of its own (a redirect, say) gets the strictest one.
    headers.set('Content-Security-Policy', BFF_CONTENT_SECURITY_POLICY);
  }
  // Never CORS: the SPA is same-origin, and nothing else may read these answers.
  for (const name of [...headers.keys()]) {
    if (name.toLowerCase().startsWith('access-control-')) headers.delete(name);
  }
}
