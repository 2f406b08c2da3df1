// What every route and middleware of the BFF shares: the injected deps plus the services built from them.
import type { Config } from './env';
import type { Logger } from './logger';
import type { UpstreamTiming } from './middleware/request-log/upstream-timing';
import type { OAuthClient, FetchLike } from './oauth/oauth-client';
import type { LoginAttemptLimiter } from './rate-limit/login-attempts';
import type { LoginTransactions } from './session/login-transactions';
import type { SessionRefresher } from './session/refresh-session';
import type { SessionStore } from './session/session-store';
import type { ActiveSession, SessionManager } from './session/sessions';
import type { StaticAssets } from './static/static-assets';
import type { UsageCounter } from './usage/usage-counter';

/** The injected dependencies of `createApp`. Nothing else reaches the outside world. */
export interface AppDeps {
  config: Config;
  store: SessionStore;
  /** Every outbound request (token endpoint and API) goes through this; tests inject the emulator's. */
  fetch: FetchLike;
  /** Calls to Bitbucket's REST API on a user's behalf (`/api`, raw files); `fetch` when not given. */
  apiFetch?: FetchLike;
  /** Clock in epoch milliseconds. */
  now: () => number;
  logger: Logger;
  /** The built SPA; when given, the BFF also serves it (production: one origin, one port). */
  assets?: StaticAssets;
  /** How long usage counts may wait before they are stored (see `createUsageCounter`); 0 by default. */
  usageFlushDelayMs?: number;
  /** The pause before a retry to Bitbucket; a timer by default, instant in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of that pause; `Math.random` by default. */
  random?: () => number;
}

export interface BffContext extends AppDeps {
  sessions: SessionManager;
  loginTransactions: LoginTransactions;
  oauth: OAuthClient;
  refresher: SessionRefresher;
  /** Failed token sign-ins per client address and username. */
  loginAttempts: LoginAttemptLimiter;
  /** Each user's Bitbucket calls over the rolling hour. */
  usage: UsageCounter;
}

/** Hono typing for values middleware hands to handlers. */
export interface BffEnv {
  /**
   * On Node, @hono/node-server passes the raw `IncomingMessage`: its `url` is the unnormalised target and
   * its socket's address is the peer's (the client, or the nearest proxy). On Workers, the entrypoint
   * passes `cloudflare.connectingIp`: the client address Cloudflare's edge vouches for (`CF-Connecting-IP`,
   * which it overwrites on every request), read there and nowhere else. See `request-source.ts`.
   */
  Bindings:
    | {
        incoming?: { url?: string; socket?: { remoteAddress?: string } };
        cloudflare?: { connectingIp?: string };
      }
    | undefined;
  Variables: {
    session: ActiveSession;
    /** The validated Bitbucket path and query of an `/api/*` request. */
    upstreamTarget: { path: string; search: string };
    /** Time this request spent waiting on Bitbucket, for its request log line. */
    upstreamTiming: UpstreamTiming;
    /** This request's id, also sent back as `X-Request-Id`. */
    requestId: string;
  };
}
