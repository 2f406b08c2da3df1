// Every call Pail makes to Bitbucket's REST API on a user's behalf: token attached, same-host redirects only, streamed.
import type { BffContext } from '../context';
import { BffError } from '../errors';
import { isTimeout } from '../oauth/oauth-client';
import type { ActiveSession } from '../session/sessions';
import { upstreamAuthorization } from '../session/upstream-authorization';
import { checkUpstreamTarget } from './allowlist';
import { wholeBodyOf } from './whole-body';
import {
  isUnavailableStatus,
  retryableAnswer,
  retryableFailure,
  retryPauseMs,
  unavailableError,
} from './upstream-failures';

/** Redirects followed in one exchange; Bitbucket's own (`src`, pull-request diffs) take one. */
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Statuses a Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** An allowlisted path and query on the API origin. */
export interface UpstreamTarget {
  path: string;
  search: string;
}

export interface UpstreamRequest extends UpstreamTarget {
  method: 'GET' | 'HEAD';
  /** Request headers besides `Authorization`, names in lower case; `accept` defaults to JSON. */
  headers?: Readonly<Record<string, string>>;
}

export interface BitbucketClient {
  /**
   * Sends one request with the session's credentials, refreshing first when the access token is near
   * expiry and once more after a 401. Follows a redirect only to an allowlisted path on the API origin.
   * Tries once more, after a jittered pause, when the connection failed or Bitbucket answered 502 or 503
   * (never after a timeout, a 4xx, a 500 or a 504): one retry per call at most, 401 or not.
   * The body streams; a wait of `upstreamTimeoutMs` for the answer or for any chunk of it ends the exchange.
   * Bitbucket's 500/502/503/504 are not returned: they throw BffError(upstream_unavailable) naming the
   * status, with its `Retry-After`. Other statuses (4xx, 429, 555) come back as they are.
   * Throws BffError(upstream_timeout | upstream_unavailable) or SessionEndedError.
   */
  send(session: ActiveSession, request: UpstreamRequest): Promise<Response>;
}

function timeoutError(): DOMException {
  return new DOMException('Bitbucket took too long to answer.', 'TimeoutError');
}

/**
 * The body of `response`, ended with a timeout error when upstream sends nothing for `timeoutMs` while a
 * chunk is wanted. Waiting on a slow reader does not count: only the wait on upstream does.
 */
function guardBody(response: Response, timeoutMs: number, onStall: () => void): Response {
  // A body already read whole cannot stall.
  if (wholeBodyOf(response) !== undefined) return response;
  const source = response.body;
  if (source === null) return response;
  if (NULL_BODY_STATUSES.has(response.status)) {
    source.cancel().catch(() => undefined);
    return new Response(null, { status: response.status, headers: response.headers });
  }
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutError()), timeoutMs);
      });
      try {
        const { done, value } = await Promise.race([reader.read(), stalled]);
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (isTimeout(error)) onStall();
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The path-and-query of a `Location`, as written (before URL normalisation), when it is absolute or rooted. */
function rawPathOf(location: string): string | undefined {
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(location);
  if (absolute) return absolute[1];
  return location.startsWith('/') && !location.startsWith('//') ? location : undefined;
}

export function createBitbucketClient(ctx: BffContext): BitbucketClient {
  const { config, refresher, logger } = ctx;
  const apiOrigin = config.bitbucket.apiOrigin;
  const timeoutMs = config.upstreamTimeoutMs;
  const sleep = ctx.sleep ?? defaultSleep;
  const random = ctx.random ?? Math.random;

  /**
   * Where a redirect may be followed: the API origin, an allowlisted path, nothing else. Anything else would
   * carry the token to whoever the `Location` names.
   */
  function redirectTarget(location: string | null, from: UpstreamTarget): UpstreamTarget | string {
    if (location === null) return 'no_location';
    let url: URL;
    try {
      url = new URL(location, `${apiOrigin}${from.path}${from.search}`);
    } catch {
      return 'bad_location';
    }
    if (url.origin !== apiOrigin || url.username !== '' || url.password !== '')
      return 'other_origin';
    const raw = rawPathOf(location);
    if (raw === undefined) return 'relative_location';
    const verdict = checkUpstreamTarget(url.pathname + url.search, [raw]);
    return verdict.ok ? { path: verdict.path, search: verdict.search } : verdict.reason;
  }

  async function fetchOnce(
    session: ActiveSession,
    target: UpstreamTarget,
    request: UpstreamRequest,
  ): Promise<Response> {
    const url = new URL(`${apiOrigin}${target.path}${target.search}`);
    if (url.origin !== apiOrigin || url.pathname !== target.path) {
      // Unreachable after the allowlist; kept so a future allowlist mistake fails closed.
      throw new BffError('path_not_allowed');
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...request.headers,
      authorization: upstreamAuthorization(session.record),
    };
    // Every call counts against the user's hourly Bitbucket limit: redirects, retries and ref look-ups too.
    await ctx.usage.record(session.record.user.uuid);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(timeoutError()), timeoutMs);
    try {
      const response = await ctx.fetch(url, {
        method: request.method,
        headers,
        // Following a redirect would carry the token wherever Bitbucket (or an attacker) points.
        redirect: 'manual',
        signal: abort.signal,
      });
      return guardBody(response, timeoutMs, () =>
        logger.warn('proxy.body_stalled', { status: response.status }),
      );
    } catch (error) {
      if (isTimeout(error)) throw new BffError('upstream_timeout', { cause: error });
      const reason = retryableFailure(error);
      throw reason === undefined
        ? new BffError('upstream_unavailable', { cause: error })
        : new ConnectionFailure(reason, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function exchange(session: ActiveSession, request: UpstreamRequest): Promise<Response> {
    let target: UpstreamTarget = { path: request.path, search: request.search };
    for (let hops = 0; ; hops += 1) {
      const response = await fetchOnce(session, target, request);
      if (!REDIRECT_STATUSES.has(response.status)) return response;
      await response.body?.cancel();
      const next =
        hops < MAX_REDIRECTS
          ? redirectTarget(response.headers.get('Location'), target)
          : 'too_many_redirects';
      if (typeof next === 'string') {
        // Neither relayed (the browser would land on Bitbucket's host) nor followed.
        logger.warn('proxy.redirect_blocked', { status: response.status, reason: next });
        throw new BffError('upstream_unavailable', {
          message: 'Bitbucket answered with a redirect that Pail does not follow.',
        });
      }
      target = next;
    }
  }

  /**
   * One exchange, and one more after a failure worth retrying while `budget` allows: the budget is per
   * `send`, so a retry after a 401's refresh does not buy a second retry for failures.
   */
  async function exchangeOrRetry(
    session: ActiveSession,
    request: UpstreamRequest,
    budget: { retries: number },
  ): Promise<Response> {
    let reason: string;
    let status: number | undefined;
    try {
      const response = await exchange(session, request);
      const retryable = budget.retries > 0 ? retryableAnswer(response, ctx.now()) : undefined;
      if (retryable === undefined) return response;
      // The first answer is dropped unread, so its connection goes back to the pool.
      await response.body?.cancel().catch(() => undefined);
      reason = retryable;
      status = response.status;
    } catch (error) {
      if (!(error instanceof ConnectionFailure)) throw error;
      if (budget.retries === 0) throw toUnavailable(error);
      reason = error.reason;
    }
    budget.retries -= 1;
    const pauseMs = retryPauseMs(random());
    // Path and reason only: never the query, never a header.
    logger.warn('proxy.retry', {
      reason,
      ...(status === undefined ? {} : { status }),
      pauseMs,
      path: request.path,
    });
    await sleep(pauseMs);
    try {
      return await exchange(session, request);
    } catch (error) {
      throw error instanceof ConnectionFailure ? toUnavailable(error) : error;
    }
  }

  return {
    async send(initial, request) {
      const budget = { retries: 1 };
      let session = await refresher.ensureFresh(initial);
      let response = await exchangeOrRetry(session, request, budget);
      if (response.status === 401) {
        // An access token can die early (revoked, rotated elsewhere): refresh once and retry once.
        await response.body?.cancel();
        session = await refresher.ensureFresh(session, {
          rejectedAccessToken: session.record.accessToken,
        });
        response = await exchangeOrRetry(session, request, budget);
      }
      if (isUnavailableStatus(response.status)) {
        // Bitbucket's error page is not relayed: the app gets Pail's JSON, naming Bitbucket's status.
        await response.body?.cancel().catch(() => undefined);
        logger.warn('proxy.upstream_failed', { status: response.status, path: request.path });
        throw unavailableError(response, ctx.now());
      }
      return response;
    },
  };
}

/** A fetch that failed at the connection (reset, refused): retried once, then `upstream_unavailable`. */
class ConnectionFailure extends Error {
  constructor(
    readonly reason: string,
    cause: unknown,
  ) {
    super(`connection failed: ${reason}`, { cause });
    this.name = 'ConnectionFailure';
  }
}

function toUnavailable(error: ConnectionFailure): BffError {
  return new BffError('upstream_unavailable', { cause: error.cause });
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
