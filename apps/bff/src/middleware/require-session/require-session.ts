// Loads the caller's server-side session from its cookie, or answers 401 JSON (never a redirect).
import type { MiddlewareHandler } from 'hono';
import type { BffEnv } from '../../context';
import { BffError } from '../../errors';
import { clearSessionCookie, readSessionCookie } from '../../session/cookies';
import type { SessionManager } from '../../session/sessions';

export interface RequireSessionOptions {
  sessions: SessionManager;
  /** When true, `?slide=false` reads the session without extending its idle timeout (session polling). */
  allowSlideOptOut?: boolean;
}

export function requireSession(options: RequireSessionOptions): MiddlewareHandler<BffEnv> {
  const { sessions, allowSlideOptOut = false } = options;
  return async function requireSessionMiddleware(c, next) {
    const cookie = readSessionCookie(c);
    const session = await sessions.load(cookie);
    if (session === undefined) {
      // A cookie naming no live session is useless to keep.
      if (cookie !== undefined) clearSessionCookie(c);
      throw new BffError('unauthenticated');
    }
    if (!(allowSlideOptOut && c.req.query('slide') === 'false')) await sessions.touch(session);
    c.set('session', session);
    await next();
  };
}
