// `/api/*`: read-only, allowlisted calls to Bitbucket's REST API with the session's token attached server-side.
import { Hono, type Context } from 'hono';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { isTimeout } from '../oauth/oauth-client';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { measureUpstream } from '../middleware/request-log/upstream-timing';
import { requireSession } from '../middleware/require-session/require-session';
import { receivedTargets } from '../request-source';
import { checkUpstreamTarget } from './allowlist';
import type { BitbucketClient } from './bitbucket-client';
import { hardenProxiedContent, relayHeaders } from './content-headers';
import { readsWhole, readBody, type ReadBody } from './read-body';
import { revalidationKey, type RevalidationCache } from './revalidation-cache';

/** The only request headers a browser may pass on to Bitbucket (no Cookie, Authorization, X-Forwarded-*…). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'if-none-match', 'if-modified-since'] as const;
const ALLOWED_METHODS = 'GET, HEAD';
/** Statuses whose answer has no body, whatever upstream sent. */
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/** The request target as the client sent it, before URL normalisation, as far as the runtime tells it. */
function rawTargets(c: Context<BffEnv>): string[] {
  return receivedTargets(c)
    .filter((raw) => raw.startsWith('/api'))
    .map((raw) => raw.slice('/api'.length));
}

/** A proxied answer: never stored by the browser or any cache between, never sniffed into another type. */
function answer(
  status: number,
  headers: Headers,
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null,
): Response {
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(body, { status, headers });
}

function targetAfterPrefix(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname.slice('/api'.length) + parsed.search;
}

export function createApiProxyRoutes(
  ctx: BffContext,
  bitbucket: BitbucketClient,
  revalidation: RevalidationCache,
): Hono<BffEnv> {
  const { config, sessions, logger } = ctx;
  const proxy = new Hono<BffEnv>();

  // Order matters: each step is cheaper than the next and none of them reaches Bitbucket.
  proxy.use('*', requireCsrfHeader({ publicOrigin: config.publicUrl, logger }));
  proxy.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      throw new BffError('method_not_allowed', { headers: { Allow: ALLOWED_METHODS } });
    }
    await next();
  });
  proxy.use('*', async (c, next) => {
    const verdict = checkUpstreamTarget(targetAfterPrefix(c.req.url), rawTargets(c));
    if (!verdict.ok) {
      logger.warn('proxy.path_rejected', { reason: verdict.reason, method: c.req.method });
      throw new BffError(verdict.code);
    }
    c.set('upstreamTarget', { path: verdict.path, search: verdict.search });
    await next();
  });
  proxy.use('*', requireSession({ sessions }));

  proxy.all('*', async (c) => {
    const session = c.get('session');
    const target = c.get('upstreamTarget');
    const method = c.req.method === 'HEAD' ? 'HEAD' : 'GET';
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    // A browser revalidating on its own gets Bitbucket's own 304; otherwise Pail revalidates what it kept.
    const request =
      method === 'GET' && !headers.has('if-none-match') && !headers.has('if-modified-since')
        ? revalidationKey(target, headers.get('accept') ?? undefined)
        : undefined;
    const kept = request === undefined ? undefined : revalidation.get(session.storeKey, request);
    if (kept !== undefined) headers.set('if-none-match', kept.etag);

    const upstream = await measureUpstream(c, () =>
      bitbucket.send(session, { ...target, method, headers }),
    );

    if (kept !== undefined && upstream.status === 304) {
      // Bitbucket, asked with this session's credentials, says the kept answer is still the current one.
      await upstream.body?.cancel();
      const relayed = new Headers(kept.headers as Array<[string, string]>);
      for (const [name, value] of relayHeaders(upstream.headers)) {
        if (name.startsWith('x-ratelimit-')) relayed.set(name, value);
      }
      return answer(200, relayed, kept.body);
    }
    if (request !== undefined) revalidation.delete(session.storeKey, request);

    // Bitbucket's status and body as they are (JSON, 304, 404, 403 scope errors, 429, 555).
    const relayed = relayHeaders(upstream.headers);
    if (!NO_BODY_STATUSES.has(upstream.status)) hardenProxiedContent(relayed);
    const noBody = method === 'HEAD' || NO_BODY_STATUSES.has(upstream.status);
    if (noBody || upstream.body === null) {
      await upstream.body?.cancel();
      return answer(upstream.status, relayed, null);
    }
    if (!readsWhole(upstream.headers)) return answer(upstream.status, relayed, upstream.body);

    // Read whole and sent in one write; streamed answers stay streamed (a stall there cuts the body).
    let body: ReadBody;
    try {
      body = await readBody(upstream.body);
    } catch (error) {
      throw new BffError(isTimeout(error) ? 'upstream_timeout' : 'upstream_unavailable', {
        cause: error,
      });
    }
    if (!body.complete) return answer(upstream.status, relayed, body.stream);
    const etag = relayed.get('etag');
    if (request !== undefined && upstream.status === 200 && etag !== null) {
      revalidation.set(session, request, { etag, headers: [...relayed], body: body.bytes });
    }
    return answer(upstream.status, relayed, body.bytes);
  });

  return proxy;
}
