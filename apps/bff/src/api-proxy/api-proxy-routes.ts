// `/api/*`: read-only, allowlisted calls to Bitbucket's REST API with the session's token attached server-side.
import { Hono, type Context } from 'hono';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { requireSession } from '../middleware/require-session/require-session';
import { isTimeout } from '../oauth/oauth-client';
import type { ActiveSession } from '../session/sessions';
import { checkUpstreamTarget } from './allowlist';

/** The only request headers a browser may pass on to Bitbucket (no Cookie, Authorization, X-Forwarded-*…). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'if-none-match', 'if-modified-since'] as const;
/** The only response headers relayed back (no Set-Cookie, hop-by-hop or server internals). */
const RELAYED_RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'last-modified',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-resource',
  'x-ratelimit-nearlimit',
] as const;
/** Bitbucket's JSON pages are far smaller; anything bigger is not what these endpoints return. */
export const MAX_UPSTREAM_BODY_BYTES = 8 * 1024 * 1024;
const ALLOWED_METHODS = 'GET, HEAD';

/** The request target as the client sent it, before URL normalisation, when the runtime exposes it (Node). */
function rawTargets(c: Context<BffEnv>): string[] {
  const raw = c.env?.incoming?.url;
  return typeof raw === 'string' && raw.startsWith('/api') ? [raw.slice('/api'.length)] : [];
}

function targetAfterPrefix(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname.slice('/api'.length) + parsed.search;
}

async function readBounded(response: Response): Promise<Uint8Array | null> {
  if (response.body === null) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_UPSTREAM_BODY_BYTES) {
      await reader.cancel();
      throw new BffError('upstream_unavailable', {
        message: "Bitbucket's answer was too large to relay.",
      });
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function createApiProxyRoutes(ctx: BffContext): Hono<BffEnv> {
  const { config, sessions, refresher, logger } = ctx;
  const apiOrigin = config.bitbucket.apiOrigin;
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

  /** One upstream call with the session's token. The URL is checked against the API origin first. */
  async function callBitbucket(c: Context<BffEnv>, session: ActiveSession): Promise<Response> {
    const { path, search } = c.get('upstreamTarget');
    const url = new URL(`${apiOrigin}${path}${search}`);
    if (url.origin !== apiOrigin || url.pathname !== path) {
      // Unreachable after the allowlist; kept so a future allowlist mistake fails closed.
      throw new BffError('path_not_allowed');
    }
    const headers = new Headers({ Accept: 'application/json' });
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    headers.set('Authorization', `Bearer ${session.record.accessToken}`);
    try {
      return await ctx.fetch(url.href, {
        method: c.req.method,
        headers,
        // Following a redirect would carry the token wherever Bitbucket (or an attacker) points.
        redirect: 'manual',
        signal: AbortSignal.timeout(config.upstreamTimeoutMs),
      });
    } catch (error) {
      throw new BffError(isTimeout(error) ? 'upstream_timeout' : 'upstream_unavailable', {
        cause: error,
      });
    }
  }

  proxy.all('*', async (c) => {
    let session = await refresher.ensureFresh(c.get('session'));
    let upstream = await callBitbucket(c, session);
    if (upstream.status === 401) {
      // An access token can die early (revoked, rotated elsewhere): refresh once and retry once.
      await upstream.body?.cancel();
      session = await refresher.ensureFresh(session, {
        rejectedAccessToken: session.record.accessToken,
      });
      upstream = await callBitbucket(c, session);
    }

    if (upstream.status >= 300 && upstream.status < 400 && upstream.status !== 304) {
      // Neither relayed (the browser would land on Bitbucket's host) nor followed: no allowlisted path redirects.
      await upstream.body?.cancel();
      logger.warn('proxy.redirect_blocked', { status: upstream.status });
      throw new BffError('upstream_unavailable', {
        message: 'Bitbucket answered with a redirect that Pail does not follow.',
      });
    }

    const headers = new Headers();
    for (const name of RELAYED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set('Cache-Control', 'no-store');
    headers.set('X-Content-Type-Options', 'nosniff');
    const noBody = c.req.method === 'HEAD' || upstream.status === 204 || upstream.status === 304;
    let body: Uint8Array | null = null;
    if (noBody) {
      await upstream.body?.cancel();
    } else {
      try {
        body = await readBounded(upstream);
      } catch (error) {
        if (error instanceof BffError) throw error;
        throw new BffError(isTimeout(error) ? 'upstream_timeout' : 'upstream_unavailable', {
          cause: error,
        });
      }
    }
    return new Response(body, { status: upstream.status, headers });
  });

  return proxy;
}
