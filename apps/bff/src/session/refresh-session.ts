// Keeps a session's access token usable: proactive refresh near expiry, single-flight per session.
import { BffError } from '../errors';
import type { Logger } from '../logger';
import { TokenEndpointError, type OAuthClient } from '../oauth/oauth-client';
import type { ActiveSession, SessionManager } from './sessions';

/** Refresh when the access token has less than this left (BBA §6.1.2.2; the checklist's 60 s). */
export const REFRESH_MARGIN_MS = 60_000;

/** The session cannot continue (refresh token dead or missing): the caller answers 401 and clears the cookie. */
export class SessionEndedError extends Error {
  constructor(readonly reason: string) {
    super(`session ended: ${reason}`);
    this.name = 'SessionEndedError';
  }
}

export interface SessionRefresher {
  /**
   * Returns the session with an access token good for at least the margin. Pass `rejectedAccessToken`
   * after Bitbucket answered 401 to force a refresh unless someone else already replaced that token.
   * A token sign-in's Basic credentials never refresh: they are returned as they are, and a 401 ends the session.
   * Throws SessionEndedError, or BffError(upstream_unavailable | upstream_timeout) when the AS is down.
   */
  ensureFresh(
    session: ActiveSession,
    options?: { rejectedAccessToken?: string },
  ): Promise<ActiveSession>;
}

export function createSessionRefresher(deps: {
  sessions: SessionManager;
  oauth: OAuthClient;
  logger: Logger;
  now: () => number;
}): SessionRefresher {
  const { sessions, oauth, logger, now } = deps;
  const inFlight = new Map<string, Promise<ActiveSession>>();

  const isFresh = (session: ActiveSession, rejected: string | undefined) =>
    session.record.accessTokenExpiresAt - now() > REFRESH_MARGIN_MS &&
    (rejected === undefined || session.record.accessToken !== rejected);

  async function refresh(storeKey: string, rejected: string | undefined): Promise<ActiveSession> {
    let ended: SessionEndedError | undefined;
    const updated = await sessions.update(storeKey, async (current) => {
      // Another request (or instance) may have refreshed while this one waited.
      if (isFresh(current, rejected)) return undefined;
      const refreshToken = current.record.refreshToken;
      if (refreshToken === undefined) {
        ended = new SessionEndedError('no_refresh_token');
        return undefined;
      }
      try {
        const tokens = await oauth.refreshAccessToken(refreshToken);
        logger.info('session.refreshed', { user: current.record.user.uuid });
        return {
          ...current.record,
          accessToken: tokens.accessToken,
          // Rotation: store the new refresh token; keep the old one if none came back.
          refreshToken: tokens.refreshToken ?? refreshToken,
          accessTokenExpiresAt: tokens.accessTokenExpiresAt,
          scopes: tokens.scopes.length > 0 ? tokens.scopes : current.record.scopes,
        };
      } catch (error) {
        if (error instanceof TokenEndpointError && error.kind === 'rejected') {
          const alert =
            error.oauthError === 'unauthorized_client' || error.oauthError === 'invalid_client';
          logger[alert ? 'error' : 'warn']('session.refresh_failed', {
            user: current.record.user.uuid,
            reason: 'rejected',
            status: error.status,
            oauthError: error.oauthError,
            ...(alert
              ? {
                  alert:
                    'Bitbucket rejected the client credentials: check BITBUCKET_CLIENT_ID/SECRET',
                }
              : {}),
          });
          ended = new SessionEndedError(error.oauthError ?? 'refresh_rejected');
          return undefined;
        }
        const timeout = error instanceof TokenEndpointError && error.kind === 'timeout';
        logger.warn('session.refresh_failed', {
          user: current.record.user.uuid,
          reason: timeout ? 'timeout' : 'unavailable',
          status: error instanceof TokenEndpointError ? error.status : undefined,
        });
        // The session survives: the refresh token may still be good once Bitbucket answers again.
        throw new BffError(timeout ? 'upstream_timeout' : 'upstream_unavailable', { cause: error });
      }
    });
    if (ended !== undefined || updated === undefined) {
      await sessions.destroy(storeKey);
      throw ended ?? new SessionEndedError('gone');
    }
    return updated;
  }

  /** Basic credentials cannot be refreshed: once Bitbucket refuses them, the session is over. */
  async function endTokenSession(session: ActiveSession): Promise<never> {
    await sessions.destroy(session.storeKey);
    logger.warn('session.credentials_rejected', { user: session.record.user.uuid });
    throw new SessionEndedError('credentials_rejected');
  }

  return {
    ensureFresh(session, options = {}) {
      const rejected = options.rejectedAccessToken;
      if (session.record.authMethod === 'token') {
        return rejected === undefined ? Promise.resolve(session) : endTokenSession(session);
      }
      if (isFresh(session, rejected)) return Promise.resolve(session);
      const existing = inFlight.get(session.storeKey);
      if (existing) return existing;
      const flight = refresh(session.storeKey, rejected).finally(() => {
        inFlight.delete(session.storeKey);
      });
      inFlight.set(session.storeKey, flight);
      return flight;
    },
  };
}
