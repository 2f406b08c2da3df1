// What every route and middleware of the BFF shares: the injected deps plus the services built from them.
import type { Config } from './env';
import type { Logger } from './logger';
import type { OAuthClient, FetchLike } from './oauth/oauth-client';
import type { LoginTransactions } from './session/login-transactions';
import type { SessionRefresher } from './session/refresh-session';
import type { SessionStore } from './session/session-store';
import type { ActiveSession, SessionManager } from './session/sessions';

/** The injected dependencies of `createApp`. Nothing else reaches the outside world. */
export interface AppDeps {
  config: Config;
  store: SessionStore;
  /** Every outbound request (token endpoint and API) goes through this; tests inject the emulator's. */
  fetch: FetchLike;
  /** Clock in epoch milliseconds. */
  now: () => number;
  logger: Logger;
}

export interface BffContext extends AppDeps {
  sessions: SessionManager;
  loginTransactions: LoginTransactions;
  oauth: OAuthClient;
  refresher: SessionRefresher;
}

/** Hono typing for values middleware hands to handlers. */
export interface BffEnv {
  /** On Node, @hono/node-server passes the raw `IncomingMessage` (its `url` is the unnormalised target). */
  Bindings: { incoming?: { url?: string } } | undefined;
  Variables: {
    session: ActiveSession;
    /** The validated Bitbucket path and query of an `/api/*` request. */
    upstreamTarget: { path: string; search: string };
  };
}
