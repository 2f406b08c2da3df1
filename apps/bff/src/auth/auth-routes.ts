// Sign-in and session endpoints under /bff: the OAuth authorization-code flow with PKCE, session info, logout.
import { Hono, type Context } from 'hono';
import { BFF_ROUTES, parseReturnTo, type LoginErrorCode, type SessionInfo } from '@pail/shared';
import type { BffContext, BffEnv } from '../context';
import { constantTimeEqual } from '../crypto/random';
import { BffError } from '../errors';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { measureUpstream } from '../middleware/request-log/upstream-timing';
import { requireSession } from '../middleware/require-session/require-session';
import { CurrentUserError, fetchCurrentUser } from '../oauth/fetch-current-user';
import { TokenEndpointError } from '../oauth/oauth-client';
import { addressBlock, clientAddress } from '../rate-limit/client-address';
import { createLoginStartLimiter } from '../rate-limit/login-starts';
import {
  clearLoginCookie,
  clearSessionCookie,
  readLoginCookie,
  readSessionCookie,
  setLoginCookie,
  setSessionCookie,
} from '../session/cookies';
import { SessionEndedError } from '../session/refresh-session';
import { describeBrowser } from '../session/describe-browser';
import { revokeUpstream } from './revoke-upstream';

/** Where the SPA explains a failed sign-in. */
const LOGIN_PAGE = '/login';

/** Route paths relative to the `/bff` mount point, derived from the shared contract. */
const path = (route: string) => route.replace(/^\/bff/, '');

/** A failure the callback turns into `/login?error=<code>`; `reason` is for the log only. */
class CallbackFailure extends Error {
  constructor(
    readonly code: LoginErrorCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'CallbackFailure';
  }
}

function methodNotAllowed(allow: string): never {
  throw new BffError('method_not_allowed', { headers: { Allow: allow } });
}

/** The callback's answers leave no trace: no referrer, no cache, no query beyond an error code. */
function redirectAfterCallback(c: Context, location: string): Response {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  return c.redirect(location, 302);
}

export function createAuthRoutes(ctx: BffContext): Hono<BffEnv> {
  const { config, sessions, loginTransactions, oauth, refresher, logger } = ctx;
  const auth = new Hono<BffEnv>();
  const csrf = requireCsrfHeader({ publicOrigin: config.publicUrl, logger });
  const loginStarts = createLoginStartLimiter({ store: ctx.store, now: ctx.now });

  /** Starts a sign-in: a navigation, never an XHR or a frame. */
  auth.get(path(BFF_ROUTES.login), async (c) => {
    const dest = c.req.header('Sec-Fetch-Dest');
    if (dest === 'iframe' || dest === 'frame' || dest === 'embed' || dest === 'object') {
      logger.warn('login.refused', { reason: 'framed' });
      throw new BffError('bad_request', { message: 'Sign-in cannot run inside a frame.' });
    }
    // Anything but a plain local path is ignored rather than refused: the user still gets signed in.
    const returnTo = parseReturnTo(c.req.query('returnTo')) ?? '/';
    let begun: Awaited<ReturnType<typeof loginTransactions.begin>>;
    try {
      // Before the transaction is written: every start costs a store record until it expires.
      const wait = await loginStarts.admit(addressBlock(clientAddress(c, config.trustProxy)));
      if (wait > 0) {
        logger.warn('login.rate_limited', { method: 'oauth' });
        throw new BffError('rate_limited', {
          message: 'Too many sign-ins started from here. Wait a minute and try again.',
          headers: { 'Retry-After': String(wait) },
        });
      }
      await loginTransactions.discard(readLoginCookie(c));
      begun = await loginTransactions.begin(returnTo);
    } catch (error) {
      if (!(error instanceof BffError) || error.code !== 'store_unavailable') throw error;
      // A navigation: the sign-in page explains, where a JSON 503 would be a raw page of text.
      logger.warn('login.failed', { method: 'oauth', code: 'unavailable', reason: error.code });
      c.header('Retry-After', error.headers['Retry-After'] ?? '5');
      return redirectAfterCallback(c, signInPageFor('unavailable', returnTo));
    }
    const { id, state, codeChallenge } = begun;
    setLoginCookie(c, id);
    logger.info('login.started', {});
    return c.redirect(oauth.buildAuthorizationUrl({ state, codeChallenge }).href, 302);
  });

  /** The redirect URI (RFC 6749 §4.1.2): checks the transaction, trades the code, starts a new session. */
  auth.get(path(BFF_ROUTES.callback), async (c) => {
    const loginId = readLoginCookie(c);
    // The transaction cookie is single-use whatever happens next.
    clearLoginCookie(c);
    const query = new URL(c.req.url).searchParams;
    try {
      const taken = await loginTransactions.take(loginId);
      if (taken.status === 'missing') {
        throw new CallbackFailure('state_mismatch', loginId ? 'unknown_transaction' : 'no_cookie');
      }
      if (taken.status === 'expired') throw new CallbackFailure('login_expired', 'expired');
      const { transaction } = taken;

      const state = query.getAll('state');
      if (state.length !== 1 || !(await constantTimeEqual(state[0] ?? '', transaction.state))) {
        throw new CallbackFailure(
          'state_mismatch',
          state.length === 0 ? 'no_state' : 'wrong_state',
        );
      }
      const error = query.get('error');
      if (error !== null) {
        throw error === 'access_denied'
          ? new CallbackFailure('access_denied', 'access_denied')
          : new CallbackFailure('provider_error', 'authorization_error');
      }
      if (query.getAll('code').length !== 1)
        throw new CallbackFailure('callback_failed', 'no_code');

      const { tokens, user } = await measureUpstream(c, async () => {
        const tokens = await oauth.exchangeAuthorizationCode(query, transaction.codeVerifier);
        const user = await fetchCurrentUser({
          apiOrigin: config.bitbucket.apiOrigin,
          accessToken: tokens.accessToken,
          fetch: ctx.fetch,
          timeoutMs: config.upstreamTimeoutMs,
        });
        return { tokens, user };
      });

      // Anti-fixation: whatever session this browser held before is ended, and a new id is issued.
      await sessions.destroyById(readSessionCookie(c));
      const { id, session } = await sessions.create({
        user,
        authMethod: 'oauth',
        scopes: tokens.scopes,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        browser: describeBrowser(c.req.header('User-Agent')),
      });
      setSessionCookie(c, id, config.session.absoluteSeconds);
      logger.info('login.succeeded', {
        method: 'oauth',
        user: user.uuid,
        session: await sessions.publicHandle(session.storeKey),
      });
      return redirectAfterCallback(c, transaction.returnTo);
    } catch (error) {
      const failure = toCallbackFailure(error);
      logger.warn('login.failed', { method: 'oauth', code: failure.code, reason: failure.reason });
      if (failure.code === 'unavailable') c.header('Retry-After', '5');
      return redirectAfterCallback(c, `${LOGIN_PAGE}?error=${failure.code}`);
    }
  });

  auth.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    [path(BFF_ROUTES.login), path(BFF_ROUTES.callback)],
    () => methodNotAllowed('GET, HEAD'),
  );

  /** "Check session" (BBA §6.1.2.1): who is signed in, never a token. */
  auth.get(
    path(BFF_ROUTES.session),
    csrf,
    requireSession({ sessions, allowSlideOptOut: true }),
    async (c) => {
      let session = c.get('session');
      try {
        // So a dead refresh token shows here as 401, not as a stale 200.
        const current = session;
        session = await measureUpstream(c, () => refresher.ensureFresh(current));
      } catch (error) {
        if (error instanceof SessionEndedError) throw error;
        // Bitbucket unreachable: the session itself is still valid; report it.
      }
      const { record } = session;
      const body: SessionInfo = {
        user: record.user,
        authMethod: record.authMethod,
        scopes: record.scopes,
        expiresAt: new Date(record.absoluteExpiresAt).toISOString(),
      };
      return c.json(body, 200);
    },
  );
  auth.on(['POST', 'PUT', 'PATCH', 'DELETE'], path(BFF_ROUTES.session), csrf, () =>
    methodNotAllowed('GET, HEAD'),
  );

  /** Ends the session here (and at Bitbucket when a revocation endpoint is configured). Idempotent. */
  auth.post(path(BFF_ROUTES.logout), csrf, async (c) => {
    const session = await sessions.load(readSessionCookie(c));
    // `destroy` waits for a refresh in flight and hands back the record as it stood after it, so the
    // refresh token revoked is the one that is current, not one the refresh just superseded.
    const last = session === undefined ? undefined : await sessions.destroy(session.storeKey);
    if (last !== undefined) await revokeUpstream(ctx, last);
    clearSessionCookie(c);
    c.header('Clear-Site-Data', '"cache", "storage"');
    logger.info(
      'logout',
      session
        ? {
            user: session.record.user.uuid,
            method: session.record.authMethod,
            session: await sessions.publicHandle(session.storeKey),
          }
        : { user: 'none' },
    );
    return c.body(null, 204);
  });
  auth.on(['GET', 'PUT', 'PATCH', 'DELETE'], path(BFF_ROUTES.logout), () =>
    methodNotAllowed('POST'),
  );

  return auth;
}

/** The sign-in page with a reason, keeping where the user was going when it is not the start page. */
function signInPageFor(code: LoginErrorCode, returnTo: string): string {
  const query = new URLSearchParams({ error: code });
  if (returnTo !== '/') query.set('returnTo', returnTo);
  return `${LOGIN_PAGE}?${query.toString()}`;
}

function toCallbackFailure(error: unknown): CallbackFailure {
  if (error instanceof CallbackFailure) return error;
  // Pail's own store is down (Bitbucket did its part): the user only needs to try again shortly.
  if (error instanceof BffError && error.code === 'store_unavailable') {
    return new CallbackFailure('unavailable', 'store_unavailable');
  }
  if (error instanceof TokenEndpointError) {
    return error.kind === 'rejected'
      ? new CallbackFailure('callback_failed', `token_${error.oauthError ?? 'rejected'}`)
      : new CallbackFailure('provider_error', `token_${error.kind}`);
  }
  if (error instanceof CurrentUserError) {
    // A 429 is Bitbucket asking to wait, not refusing the token.
    return error.kind === 'rejected' && error.status !== 429
      ? new CallbackFailure('callback_failed', 'user_rejected')
      : new CallbackFailure('provider_error', `user_${error.kind}`);
  }
  return new CallbackFailure('callback_failed', error instanceof Error ? error.name : 'unknown');
}
