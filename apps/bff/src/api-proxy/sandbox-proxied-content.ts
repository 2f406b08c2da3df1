// Adds `sandbox` to the policy of every `/api` and raw-file answer, so repository bytes never run with Pail's origin.
import type { MiddlewareHandler } from 'hono';
import type { HeaderFields } from '../http/header-map';

const SANDBOX = /(?:^|;)\s*sandbox(?:\s|;|$)/i;

/**
 * Mounted outside the general security headers so it sees their final policy and only adds to it: an
 * answer opened as a document gets an opaque origin, whatever else the policy allows.
 */
export function sandboxProxiedContent(): MiddlewareHandler {
  return async function sandboxProxiedContentMiddleware(c, next) {
    await next();
    sandboxHeaders(c.res.headers);
  };
}

/** What the middleware adds, for Node's fast path to add the same. */
export function sandboxHeaders(headers: HeaderFields): void {
  const policy = headers.get('Content-Security-Policy');
  if (policy === null) headers.set('Content-Security-Policy', "sandbox; default-src 'none'");
  else if (!SANDBOX.test(policy)) headers.set('Content-Security-Policy', `sandbox; ${policy}`);
}
