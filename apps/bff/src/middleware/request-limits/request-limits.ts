// Refuses requests too big to be Pail's own (URL 414, headers 431, body 413) before any route reads them.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BffError } from '../../errors';

/** The longest path and query the app builds are a few hundred bytes; a deep source path stays far below. */
export const MAX_URL_BYTES = 8 * 1024;
/** All header names and values together: below Node's own 16 KiB parser limit, so both runtimes agree. */
export const MAX_HEADER_BYTES = 12 * 1024;
/** Pail's two cookies take under 200 bytes; the rest of the budget is for other apps on the same host. */
export const MAX_COOKIE_BYTES = 8 * 1024;
/** The largest body Pail accepts is a token sign-in (8 KiB, its own limit); nothing else takes a body. */
export const MAX_BODY_BYTES = 16 * 1024;

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).byteLength;

export interface RequestLimitsOptions {
  maxUrlBytes?: number;
  maxHeaderBytes?: number;
  maxCookieBytes?: number;
  maxBodyBytes?: number;
}

/**
 * Runs in the app rather than only in Node's HTTP parser so the same bounds hold on Workers. A declared
 * `Content-Length` over the bound is refused unread; a body without one is read only up to the bound.
 */
export function requestLimits(options: RequestLimitsOptions = {}): MiddlewareHandler {
  const maxUrlBytes = options.maxUrlBytes ?? MAX_URL_BYTES;
  const maxHeaderBytes = options.maxHeaderBytes ?? MAX_HEADER_BYTES;
  const maxCookieBytes = options.maxCookieBytes ?? MAX_COOKIE_BYTES;
  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? MAX_BODY_BYTES,
    onError: () => {
      throw new BffError('payload_too_large', { message: 'The request body is too large.' });
    },
  });

  return async function requestLimitsMiddleware(c, next) {
    const url = new URL(c.req.url);
    if (byteLength(url.pathname + url.search) > maxUrlBytes) {
      throw new BffError('bad_request', { status: 414, message: 'The address is too long.' });
    }
    let headerBytes = 0;
    for (const [name, value] of c.req.raw.headers) {
      // As on the wire: `name: value\r\n`.
      headerBytes += byteLength(name) + byteLength(value) + 4;
      if (name === 'cookie' && byteLength(value) > maxCookieBytes) {
        throw new BffError('bad_request', { status: 431, message: 'The cookies are too large.' });
      }
    }
    if (headerBytes > maxHeaderBytes) {
      throw new BffError('bad_request', {
        status: 431,
        message: 'The request headers are too large.',
      });
    }
    // A GET or HEAD never has a body in the Fetch API; asking for one would build a full Request for nothing.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limitBody(c, next);
  };
}
