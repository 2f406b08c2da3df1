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

/** UTF-8 length without encoding: counted on every header of every request (a lone surrogate as U+FFFD). */
function byteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is one four-byte character: two UTF-16 units, two more bytes.
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i += 1;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

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
  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? MAX_BODY_BYTES,
    onError: () => {
      throw new BffError('payload_too_large', { message: 'The request body is too large.' });
    },
  });

  return async function requestLimitsMiddleware(c, next) {
    const url = new URL(c.req.url);
    const refusal = requestLimitError(url.pathname + url.search, c.req.raw.headers, options);
    if (refusal !== undefined) throw refusal;
    // A GET or HEAD never has a body in the Fetch API; asking for one would build a full Request for nothing.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limitBody(c, next);
  };
}

/**
 * The URL, header and cookie bounds as one check, so Node's fast path (`node/node-listener.ts`) applies
 * exactly these: `target` is the parsed path and query, `headers` the entries as the Fetch API combines them.
 */
export function requestLimitError(
  target: string,
  headers: Iterable<[string, string]>,
  options: RequestLimitsOptions = {},
): BffError | undefined {
  const maxUrlBytes = options.maxUrlBytes ?? MAX_URL_BYTES;
  const maxHeaderBytes = options.maxHeaderBytes ?? MAX_HEADER_BYTES;
  const maxCookieBytes = options.maxCookieBytes ?? MAX_COOKIE_BYTES;
  if (byteLength(target) > maxUrlBytes) {
    return new BffError('bad_request', { status: 414, message: 'The address is too long.' });
  }
  let headerBytes = 0;
  for (const [name, value] of headers) {
    // As on the wire: `name: value\r\n`.
    headerBytes += byteLength(name) + byteLength(value) + 4;
    if (name === 'cookie' && byteLength(value) > maxCookieBytes) {
      return new BffError('bad_request', { status: 431, message: 'The cookies are too large.' });
    }
  }
  if (headerBytes > maxHeaderBytes) {
    return new BffError('bad_request', {
      status: 431,
      message: 'The request headers are too large.',
    });
  }
  return undefined;
}
