// `/api/*`: read-only, allowlisted calls to Bitbucket's REST API with the session's token attached server-side.
import { Hono, type Context } from 'hono';
import { API_PREFIX } from '@pail/shared';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { HeaderMap } from '../http/header-map';
import { isTimeout } from '../oauth/oauth-client';
import { csrfRefusal } from '../middleware/require-csrf-header/require-csrf-header';
import { measureUpstream } from '../middleware/request-log/upstream-timing';
import { receivedTargets } from '../request-source';
import { clearSessionCookie, readSessionCookie } from '../session/cookies';
import type { ActiveSession } from '../session/sessions';
import { checkUpstreamTarget } from './allowlist';
import type { BitbucketClient, UpstreamTarget } from './bitbucket-client';
import { hardenProxiedContent, relayHeaders } from './content-headers';
import { readsWhole, readBody, type ReadBody } from './read-body';
import { revalidationKey, type RevalidationCache } from './revalidation-cache';
import { wholeBodyOf } from './whole-body';

/** The route pattern every proxied call is logged under. */
export const API_ROUTE = `${API_PREFIX}/*`;
/** The only request headers a browser may pass on to Bitbucket (no Cookie, Authorization, X-Forwarded-*…). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'if-none-match', 'if-modified-since'] as const;
const ALLOWED_METHODS = 'GET, HEAD';
/** Statuses whose answer has no body, whatever upstream sent. */
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * One proxied call as either runtime sees it: Hono's context here, Node's `IncomingMessage` in the fast
 * path (`node/node-listener.ts`). Every security step below runs on this, so both paths run the same code.
 */
export interface ProxyCall {
  method: string;
  /** The parsed path and query after `/api`. */
  target: string;
  /** The request target as received (after `/api`), before URL normalisation, as far as the runtime tells. */
  rawTargets: string[];
  /** A request header by name, as the Fetch API would combine it. */
  header(name: string): string | undefined;
}

/** What the browser gets: Bitbucket's status, hardened headers, and the body as bytes or a stream. */
export interface ProxyAnswer {
  status: number;
  headers: HeaderMap;
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
}

/** The outcome of the session step: the session, or a refusal and whether the sent cookie must go. */
export type ProxySessionResult =
  { session: ActiveSession } | { session: undefined; error: BffError; clearCookie: boolean };

export interface ApiProxy {
  /** CSRF, method and allowlist, in that order (each cheaper than the next, none reaching the store). */
  admit(call: ProxyCall): UpstreamTarget | BffError;
  /** The session the cookie names, touched; a cookie naming no live session is answered 401 and cleared. */
  authenticate(cookie: string | undefined): Promise<ProxySessionResult>;
  /**
   * Asks Bitbucket with the session's credentials (revalidating a kept answer) and builds the answer.
   * `measure` wraps the upstream wait for the request log. Throws BffError or SessionEndedError.
   */
  forward(
    session: ActiveSession,
    target: UpstreamTarget,
    call: ProxyCall,
    measure: <T>(task: () => Promise<T>) => Promise<T>,
  ): Promise<ProxyAnswer>;
}

/** A proxied answer: never stored by the browser or any cache between, never sniffed into another type. */
function answer(status: number, headers: HeaderMap, body: ProxyAnswer['body']): ProxyAnswer {
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  return { status, headers, body };
}

/** The runtime-neutral core of `/api/*`: the Hono route below and Node's fast path both call only this. */
export function createApiProxy(
  ctx: BffContext,
  bitbucket: BitbucketClient,
  revalidation: RevalidationCache,
): ApiProxy {
  const { config, sessions, logger } = ctx;
  const csrf = { publicOrigin: config.publicUrl, logger, route: API_ROUTE };

  return {
    admit(call) {
      const refusal = csrfRefusal(call.header, { ...csrf, method: call.method });
      if (refusal !== undefined) return refusal;
      if (call.method !== 'GET' && call.method !== 'HEAD') {
        return new BffError('method_not_allowed', { headers: { Allow: ALLOWED_METHODS } });
      }
      const verdict = checkUpstreamTarget(call.target, call.rawTargets);
      if (!verdict.ok) {
        logger.warn('proxy.path_rejected', { reason: verdict.reason, method: call.method });
        return new BffError(verdict.code);
      }
      return { path: verdict.path, search: verdict.search };
    },

    async authenticate(cookie) {
      const session = await sessions.load(cookie);
      if (session === undefined) {
        return {
          session,
          error: new BffError('unauthenticated'),
          clearCookie: cookie !== undefined,
        };
      }
      await sessions.touch(session);
      return { session };
    },

    async forward(session, target, call, measure) {
      const method = call.method === 'HEAD' ? 'HEAD' : 'GET';
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = call.header(name);
        if (value !== undefined) headers[name] = value;
      }
      // A browser revalidating on its own gets Bitbucket's own 304; otherwise Pail revalidates what it kept.
      const request =
        method === 'GET' &&
        headers['if-none-match'] === undefined &&
        headers['if-modified-since'] === undefined
          ? revalidationKey(target, headers.accept)
          : undefined;
      const kept = request === undefined ? undefined : revalidation.get(session.storeKey, request);
      if (kept !== undefined) headers['if-none-match'] = kept.etag;

      const upstream = await measure(() => bitbucket.send(session, { ...target, method, headers }));

      if (kept !== undefined && upstream.status === 304) {
        // Bitbucket, asked with this session's credentials, says the kept answer is still the current one.
        await upstream.body?.cancel();
        const relayed = new HeaderMap(kept.headers);
        for (const [name, value] of relayHeaders(upstream.headers, new HeaderMap())) {
          if (name.startsWith('x-ratelimit-')) relayed.set(name, value);
        }
        return answer(200, relayed, kept.body);
      }
      if (request !== undefined) revalidation.delete(session.storeKey, request);

      // Bitbucket's status and body as they are (JSON, 304, 404, 403 scope errors, 429, 555).
      const relayed = relayHeaders(upstream.headers, new HeaderMap());
      if (!NO_BODY_STATUSES.has(upstream.status)) hardenProxiedContent(relayed);
      const noBody = method === 'HEAD' || NO_BODY_STATUSES.has(upstream.status);
      // What the transport already read whole needs no stream (`upstream.body` would make one).
      const whole = noBody ? undefined : wholeBodyOf(upstream);
      if (whole === undefined && (noBody || upstream.body === null)) {
        await upstream.body?.cancel();
        return answer(upstream.status, relayed, null);
      }
      let body: ReadBody;
      if (whole !== undefined) body = { complete: true, bytes: whole };
      else if (!readsWhole(upstream.headers) || upstream.body === null) {
        return answer(upstream.status, relayed, upstream.body);
      } else {
        // Read whole and sent in one write; streamed answers stay streamed (a stall there cuts the body).
        try {
          body = await readBody(upstream.body);
        } catch (error) {
          throw new BffError(isTimeout(error) ? 'upstream_timeout' : 'upstream_unavailable', {
            cause: error,
          });
        }
      }
      if (!body.complete) return answer(upstream.status, relayed, body.stream);
      const etag = relayed.get('etag');
      if (request !== undefined && upstream.status === 200 && etag !== null) {
        revalidation.set(session, request, { etag, headers: [...relayed], body: body.bytes });
      }
      return answer(upstream.status, relayed, body.bytes);
    },
  };
}

/**
 * What the proxy core is given of a request's target: the parsed path and query after `/api`, and the
 * targets as received (`receivedTargets`) that are under `/api`, after it. Both doors build it with this.
 */
export function proxyTargets(
  parsed: URL,
  received: string[],
): Pick<ProxyCall, 'target' | 'rawTargets'> {
  return {
    target: parsed.pathname.slice(API_PREFIX.length) + parsed.search,
    rawTargets: received
      .filter((raw) => raw.startsWith(API_PREFIX))
      .map((raw) => raw.slice(API_PREFIX.length)),
  };
}

function proxyCall(c: Context<BffEnv>): ProxyCall {
  return {
    method: c.req.method,
    ...proxyTargets(new URL(c.req.url), receivedTargets(c)),
    header: (name) => c.req.header(name),
  };
}

export function createApiProxyRoutes(proxy: ApiProxy): Hono<BffEnv> {
  const routes = new Hono<BffEnv>();

  routes.use('*', async (c, next) => {
    const admitted = proxy.admit(proxyCall(c));
    if (admitted instanceof BffError) throw admitted;
    c.set('upstreamTarget', admitted);
    await next();
  });
  routes.use('*', async (c, next) => {
    const cookie = readSessionCookie(c);
    const result = await proxy.authenticate(cookie);
    if (result.session === undefined) {
      // A cookie naming no live session is useless to keep.
      if (result.clearCookie) clearSessionCookie(c);
      throw result.error;
    }
    c.set('session', result.session);
    await next();
  });

  routes.all('*', async (c) => {
    const answered = await proxy.forward(
      c.get('session'),
      c.get('upstreamTarget'),
      proxyCall(c),
      (task) => measureUpstream(c, task),
    );
    return new Response(answered.body, {
      status: answered.status,
      headers: answered.headers.toPairs(),
    });
  });

  return routes;
}
