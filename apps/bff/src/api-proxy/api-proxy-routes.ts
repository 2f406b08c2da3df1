// `/api/*`: read-only, allowlisted calls to Bitbucket's REST API with the session's token attached server-side.
import { Hono, type Context } from 'hono';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { requireSession } from '../middleware/require-session/require-session';
import { checkUpstreamTarget } from './allowlist';
import type { BitbucketClient } from './bitbucket-client';
import { hardenProxiedContent, relayHeaders } from './content-headers';

/** The only request headers a browser may pass on to Bitbucket (no Cookie, Authorization, X-Forwarded-*…). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'if-none-match', 'if-modified-since'] as const;
const ALLOWED_METHODS = 'GET, HEAD';
/** Statuses whose answer has no body, whatever upstream sent. */
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/** The request target as the client sent it, before URL normalisation, when the runtime exposes it (Node). */
function rawTargets(c: Context<BffEnv>): string[] {
  const raw = c.env?.incoming?.url;
  return typeof raw === 'string' && raw.startsWith('/api') ? [raw.slice('/api'.length)] : [];
}

function targetAfterPrefix(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname.slice('/api'.length) + parsed.search;
}

export function createApiProxyRoutes(ctx: BffContext, bitbucket: BitbucketClient): Hono<BffEnv> {
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
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    const upstream = await bitbucket.send(c.get('session'), {
      ...c.get('upstreamTarget'),
      method: c.req.method === 'HEAD' ? 'HEAD' : 'GET',
      headers,
    });

    // Bitbucket's status and body as they are (JSON, 304, 404, 403 scope errors, 429, 555), streamed.
    const relayed = relayHeaders(upstream.headers);
    if (!NO_BODY_STATUSES.has(upstream.status)) hardenProxiedContent(relayed);
    relayed.set('Cache-Control', 'no-store');
    relayed.set('X-Content-Type-Options', 'nosniff');
    const noBody = c.req.method === 'HEAD' || NO_BODY_STATUSES.has(upstream.status);
    if (noBody) await upstream.body?.cancel();
    return new Response(noBody ? null : upstream.body, {
      status: upstream.status,
      headers: relayed,
    });
  });

  return proxy;
}
