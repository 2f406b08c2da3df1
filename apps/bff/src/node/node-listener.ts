// Node's request listener: proxied GET/HEAD `/api/*` go straight to the proxy core, everything else to Hono.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { parse as parseCookies } from 'hono/utils/cookie';
import { getPath } from 'hono/utils/url';
import { API_PREFIX, SESSION_COOKIE } from '@pail/shared';
import {
  API_ROUTE,
  proxyTargets,
  type ProxyAnswer,
  type ProxyCall,
} from '../api-proxy/api-proxy-routes';
import { sandboxHeaders } from '../api-proxy/sandbox-proxied-content';
import type { Bff } from '../app';
import { errorAnswer } from '../error-answer';
import { BffError } from '../errors';
import { HeaderMap } from '../http/header-map';
import { requestLimitError } from '../middleware/request-limits/request-limits';
import { REQUEST_ID_HEADER, logRequest, requestIdFor } from '../middleware/request-log/request-log';
import { createUpstreamTiming } from '../middleware/request-log/upstream-timing';
import { forwardedOverHttps } from '../middleware/require-https/require-https';
import { targetsReceived } from '../request-source';
import { hardenHeaders } from '../middleware/security-headers/security-headers';
import { clearSessionCookie } from '../session/cookies';

export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The request targets and hosts `@hono/node-server` takes verbatim (no `%`, no backslash, no dot segment):
 * for these, `c.req.url` is `{scheme}://{host}{target}`. Any other target it parses with WHATWG URL, which
 * normalises it; the fast path builds its URL the same way (`fastTarget`).
 */
const VERBATIM_TARGET = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;
const VERBATIM_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
/** A percent-encoded dot (`%2e`), which WHATWG URL resolves as part of a dot segment. */
const ENCODED_DOT = /%2e/i;
/** What `@hono/node-server` labels a body that names no type. */
const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

/** A request the fast path takes: its URL and path exactly as the Hono app would see them. */
export interface FastTarget {
  /** `c.req.url`: the target as received when verbatim, otherwise as WHATWG URL parsed it. */
  href: string;
  /** `c.req.path`: the path Hono routes by, percent-decoded as Hono decodes it. */
  path: string;
}

/**
 * The URL of a proxied read the fast path takes (a GET or HEAD whose path is under `/api/`), built as
 * `@hono/node-server` builds it, or undefined for anything else. Targets that are odd rather than merely
 * encoded — a backslash, a dot segment, plain or percent-encoded — and unusual hosts stay with the Hono
 * app. Never a security decision, only a routing one: both doors run the same checks on the same strings.
 */
export function fastTarget(request: IncomingMessage): FastTarget | undefined {
  const { method, url, headers } = request;
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (url === undefined || !url.startsWith(`${API_PREFIX}/`) || DOT_SEGMENT.test(url)) {
    return undefined;
  }
  const host = headers.host;
  if (host === undefined || !VERBATIM_HOST.test(host)) return undefined;
  const encrypted = (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const given = `${encrypted ? 'https' : 'http'}://${host}${url}`;
  let href = given;
  if (!VERBATIM_TARGET.test(url)) {
    if (url.includes('\\') || ENCODED_DOT.test(url)) return undefined;
    try {
      href = new URL(given).href;
    } catch {
      return undefined;
    }
  }
  // The path Hono's router matches `/api/*` against: decoded, so it is checked after decoding too.
  const path = getPath({ url: href } as Request);
  return path.startsWith(`${API_PREFIX}/`) ? { href, path } : undefined;
}

/** Whether the fast path takes this request. */
export function takesFastPath(request: IncomingMessage): boolean {
  return fastTarget(request) !== undefined;
}

/** Request headers as the Fetch API combines them (`, `, and `; ` for cookies), lower-case names. */
function fetchHeaders(raw: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const previous = headers.get(name);
    headers.set(
      name,
      previous === undefined ? value : `${previous}${name === 'cookie' ? '; ' : ', '}${value}`,
    );
  }
  return headers;
}

/** The `Set-Cookie` that ends the session cookie, made once by the same helper Hono's routes call. */
async function clearedSessionCookies(): Promise<string[]> {
  const scratch = new Hono();
  scratch.get('/', (c) => {
    clearSessionCookie(c);
    return c.body(null, 204);
  });
  const response = await scratch.request('/');
  return response.headers.getSetCookie();
}

/** Writes `body` to the socket as it arrives, waiting for the socket to drain; a failure cuts the answer. */
async function pipeBody(body: ReadableStream<Uint8Array>, response: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  // A browser that left while Bitbucket was answering: let go of the upstream body at once.
  if (response.destroyed) {
    cancel();
    return;
  }
  response.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!response.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            response.off('drain', go);
            response.off('close', go);
            resolve();
          };
          response.once('drain', go);
          response.once('close', go);
        });
        if (response.destroyed) return;
      }
    }
    response.end();
  } catch {
    // A stall or a broken upstream after the head was sent: the browser sees a cut body, never a partial "ok".
    response.destroy();
  } finally {
    response.off('close', cancel);
  }
}

/** Sends an answer the way `@hono/node-server` sends a Response with these parts. */
function send(
  response: ServerResponse,
  status: number,
  headers: HeaderMap,
  body: ProxyAnswer['body'],
): Promise<void> | undefined {
  const out: Record<string, string | string[] | number> = {};
  const cookies = headers.getSetCookie();
  for (const [name, value] of headers) if (name !== 'set-cookie') out[name] = value;
  if (cookies.length > 0) out['set-cookie'] = cookies;
  if (body !== null) out['content-type'] ??= DEFAULT_CONTENT_TYPE;
  if (body instanceof Uint8Array) out['content-length'] ??= body.byteLength;
  response.writeHead(status, out);
  if (body === null) response.end();
  else if (body instanceof Uint8Array) response.end(body);
  else {
    response.flushHeaders();
    return pipeBody(body, response);
  }
  return undefined;
}

/**
 * The listener `server.ts` serves. A proxied read (GET or HEAD under `/api/`) is answered here through the
 * same steps and modules as the Hono route, in the same order — request id, URL/header/cookie limits,
 * CSRF, method, allowlist with raw-target checks, session, upstream call, answer hardening, security
 * headers, sandbox policy, one log line — without building a Fetch `Request` and `Response` around it or
 * walking Hono's router and middleware chain. Everything else, and a proxied read behind a proxy that says
 * plain http, is Hono's.
 */
export async function createNodeListener(
  bff: Bff,
  options: { hostname?: string } = {},
): Promise<NodeListener> {
  const { app, proxy, ctx, hardening } = bff;
  const { logger, now } = ctx;
  const hono = getRequestListener(app.fetch, {
    ...(options.hostname === undefined ? {} : { hostname: options.hostname }),
  });
  const clearCookies = await clearedSessionCookies();

  async function fastPath(
    request: IncomingMessage,
    response: ServerResponse,
    { href, path }: FastTarget,
  ): Promise<void> {
    const start = now();
    const url = request.url as string;
    const headers = fetchHeaders(request.rawHeaders);
    const header = (name: string) => headers.get(name.toLowerCase());
    // Behind a proxy that says plain http, Hono's `requireHttps` decides (a rare answer, not a fast one).
    if (hardening.httpsOnly && !forwardedOverHttps(header('X-Forwarded-Proto'))) {
      return hono(request, response);
    }
    const requestId = requestIdFor(header(REQUEST_ID_HEADER));
    const timing = createUpstreamTiming(now);
    const method = request.method === 'HEAD' ? 'HEAD' : 'GET';
    const parsed = new URL(href);
    let route: string | undefined = API_ROUTE;
    let clearCookie = false;
    let status: number;
    let answerHeaders: HeaderMap;
    let body: ProxyAnswer['body'];
    try {
      const limit = requestLimitError(parsed.pathname + parsed.search, headers);
      if (limit !== undefined) {
        // Refused before any route matched, as in the app, where the limits run ahead of the router.
        route = undefined;
        throw limit;
      }
      const call: ProxyCall = {
        method,
        ...proxyTargets(parsed, targetsReceived(url, href)),
        header,
      };
      const target = proxy.admit(call);
      if (target instanceof BffError) throw target;
      const cookieHeader = header('cookie');
      const cookie = cookieHeader
        ? parseCookies(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE]
        : undefined;
      const result = await proxy.authenticate(cookie);
      if (result.session === undefined) {
        clearCookie = result.clearCookie;
        throw result.error;
      }
      const answered = await proxy.forward(result.session, target, call, (task) =>
        timing.measure(task),
      );
      ({ status, headers: answerHeaders, body } = answered);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error('unknown');
      const described = errorAnswer(failure, logger, path);
      answerHeaders = new HeaderMap();
      if (described.endSession || clearCookie) {
        for (const cookie of clearCookies) answerHeaders.append('Set-Cookie', cookie);
      }
      for (const [name, value] of Object.entries(described.headers)) answerHeaders.set(name, value);
      answerHeaders.set('Content-Type', 'application/json');
      status = described.status;
      body = encoder.encode(JSON.stringify(described.body));
    }
    // Hono answers HEAD as GET without the body.
    if (method === 'HEAD' && body !== null) {
      if (!(body instanceof Uint8Array)) await body.cancel().catch(() => undefined);
      body = null;
    }
    // The app's outer middleware, innermost first: security headers, sandbox, then the request id.
    hardenHeaders(answerHeaders, path, { hsts: hardening.hsts });
    sandboxHeaders(answerHeaders);
    answerHeaders.set(REQUEST_ID_HEADER, requestId);
    logRequest(logger, {
      requestId,
      method,
      path,
      route,
      status,
      durationMs: Math.max(0, now() - start),
      upstreamMs: timing.totalMs,
    });
    await send(response, status, answerHeaders, body);
  }

  return (request, response) => {
    const target = fastTarget(request);
    if (target !== undefined) {
      fastPath(request, response, target).catch(() => {
        // Only a failed socket write lands here; the answer was already decided and logged.
        if (!response.headersSent) response.writeHead(500);
        response.destroy();
      });
      return;
    }
    void hono(request, response);
  };
}

const encoder = new TextEncoder();
