// Middleware in front of the REST API and the OAuth endpoints: applies latency, failing answers, dropped
// connections and the rate limit as the fault settings say.
import { Buffer } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorBody } from '../api/api-error';
import type { BasicCredentialVerifier } from '../auth/authenticate';
import type { EmulatorContext } from '../emulator-context';
import { repositoryContent } from '../seed/repository-content';
import type { Principal } from '../world/directory';
import type { FaultStatus, FaultTarget } from './fault-settings';
import type { RateResource } from './fault-state';

export const RATE_LIMITED = 'Rate limit for this resource has been exceeded.';

const STATUS_MESSAGES: Record<FaultStatus, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const OAUTH_PATHS = new Set(['/site/oauth2/access_token', '/site/oauth2/revoke']);
const REPOSITORIES = '/2.0/repositories/';
/** `/2.0/repositories/{workspace}/{repo}/src/{revision}/{path}`: a file unless it is a directory. */
const SOURCE_PATH = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/src\/([^/]+)\/(.*[^/])$/;

/** Requests that ended with no answer (a dropped connection or a hang the client gave up on). */
const unanswered = new WeakSet<Context>();

/** Whether the request was left unanswered on purpose: its error must reach the caller, not `onError`. */
export function isUnanswered(c: Context): boolean {
  return unanswered.has(c);
}

function targetOf(path: string): FaultTarget | undefined {
  if (path.startsWith('/2.0/') || path === '/2.0') return 'api';
  const trimmed = path.replace(/\/+$/, '');
  return OAUTH_PATHS.has(trimmed) ? 'oauth' : undefined;
}

/** What undici's fetch throws when the server resets the connection. */
function connectionReset(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });
  return new TypeError('fetch failed', { cause });
}

/**
 * Ends the request without an answer: on the Node server the socket is destroyed; in-process the error
 * rejects the caller's fetch, as a real one would.
 */
function noAnswer(c: Context, error: unknown): never {
  unanswered.add(c);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  incoming?.socket?.destroy();
  throw error;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as the client gives up. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits, holding no timer, until the client gives up; then there is nothing left to answer. */
async function hang(c: Context): Promise<never> {
  const { signal } = c.req.raw;
  if (!signal.aborted) {
    await new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  return noAnswer(c, signal.reason);
}

interface RateCaller {
  id: string;
  principal: Principal;
  /** OAuth access tokens are the only credentials shown `X-RateLimit-*` (FACTS.md §4). */
  accessToken: boolean;
}

/** Who the rate limit counts against: the user behind valid credentials (an app's own token: the app). */
function rateCaller(
  ctx: EmulatorContext,
  verifyBasic: BasicCredentialVerifier,
  authorization: string | undefined,
): RateCaller | undefined {
  const [scheme = '', value = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  const kind = scheme.toLowerCase();
  if (kind === 'bearer') {
    const check = ctx.grants.checkAccessToken(value);
    if (!check.ok) return undefined;
    const { subject, consumerKey } = check.grant;
    if (subject.kind === 'user') {
      const user = ctx.directory.userByNickname(subject.nickname);
      return user && { id: user.uuid, principal: { kind: 'user', user }, accessToken: true };
    }
    const consumer = ctx.directory.consumerByKey(consumerKey);
    return (
      consumer && {
        id: `consumer ${consumer.key}`,
        principal: { kind: 'app_user', consumer },
        accessToken: true,
      }
    );
  }
  if (kind === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const verdict = verifyBasic(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!verdict.ok || verdict.principal.kind !== 'user') return undefined;
    return { id: verdict.principal.user.uuid, principal: verdict.principal, accessToken: false };
  }
  return undefined;
}

/** Whether the request asks for a raw file the caller can see, the budget Bitbucket keeps apart. */
function isRawFile(ctx: EmulatorContext, principal: Principal, url: URL): boolean {
  const match = SOURCE_PATH.exec(url.pathname);
  const format = url.searchParams.get('format');
  if (!match || format === 'meta' || format === 'rendered') return false;
  let parts: string[];
  try {
    // As the source route reads them: each segment decoded, empty ones dropped.
    parts = match.slice(1).map((part) =>
      part
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => decodeURIComponent(segment))
        .join('/'),
    );
  } catch {
    return false;
  }
  const [workspace = '', slug = '', revision = '', path = ''] = parts;
  const repo = ctx.directory.repository(workspace, slug);
  if (!repo || !ctx.directory.canSeeRepository(principal, repo)) return false;
  const commit = revision.includes('/') ? undefined : repositoryContent(repo).resolve(revision);
  return commit?.snapshot.get(path) !== undefined;
}

export function injectFaults(
  ctx: EmulatorContext,
  verifyBasic: BasicCredentialVerifier,
): MiddlewareHandler {
  return async (c, next) => {
    const faults = ctx.faults;
    if (!faults.active) return next();
    const url = new URL(c.req.url);
    const target = targetOf(url.pathname);
    if (!target) return next();
    const { signal } = c.req.raw;

    try {
      if (faults.latencyMs > 0) await pause(faults.latencyMs, signal);
      for (const rule of faults.applicableRules(target, url.pathname)) {
        switch (rule.fault) {
          case 'latency':
            await pause(rule.latencyMs ?? 0, signal);
            break;
          case 'status': {
            const status = rule.status ?? 503;
            if (rule.retryAfterSeconds !== undefined) {
              c.header('Retry-After', String(rule.retryAfterSeconds));
            }
            return c.json(errorBody(STATUS_MESSAGES[status]), status as ContentfulStatusCode);
          }
          case 'reset':
            return noAnswer(c, connectionReset());
          case 'hang':
            return await hang(c);
        }
      }
    } catch (error) {
      if (isUnanswered(c)) throw error;
      // The client gave up during a latency: nobody is left to answer.
      return noAnswer(c, error);
    }

    const settings = faults.rateLimit;
    if (!settings || !url.pathname.startsWith(REPOSITORIES)) return next();
    const caller = rateCaller(ctx, verifyBasic, c.req.header('authorization'));
    if (!caller) return next();
    const resource: RateResource = isRawFile(ctx, caller.principal, url) ? 'raw' : 'api';
    const verdict = faults.countCall(resource, caller.id, settings);
    const report = () => {
      if (!caller.accessToken) return;
      c.header('X-RateLimit-Limit', String(verdict.limit));
      c.header('X-RateLimit-Resource', resource);
      c.header('X-RateLimit-NearLimit', String(verdict.used >= verdict.limit * 0.8));
    };
    if (verdict.retryAfterSeconds !== undefined) {
      report();
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return c.json(errorBody(RATE_LIMITED), 429);
    }
    await next();
    report();
  };
}
