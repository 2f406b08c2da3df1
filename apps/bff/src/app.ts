// Builds the BFF's Hono app from injected deps; importing this module does nothing by itself.
import { Hono } from 'hono';
import { API_PREFIX } from '@pail/shared';
import { createApiProxy, createApiProxyRoutes, type ApiProxy } from './api-proxy/api-proxy-routes';
import { createBitbucketClient } from './api-proxy/bitbucket-client';
import { createRevalidationCache, forgetCachedAnswersOnEnd } from './api-proxy/revalidation-cache';
import { sandboxProxiedContent } from './api-proxy/sandbox-proxied-content';
import { createAuthRoutes } from './auth/auth-routes';
import { createSessionListRoutes } from './auth/session-list-routes';
import { createTokenLoginRoutes } from './auth/token-login-routes';
import type { AppDeps, BffContext, BffEnv } from './context';
import { createCspReportRoutes } from './csp-report/csp-report-routes';
import { createKeyRing } from './crypto/seal';
import { errorBody } from './errors';
import { errorAnswer } from './error-answer';
import { createHealthRoutes } from './health/health-routes';
import { requestLimits } from './middleware/request-limits/request-limits';
import { requestLog } from './middleware/request-log/request-log';
import { requireHttps } from './middleware/require-https/require-https';
import { securityHeaders } from './middleware/security-headers/security-headers';
import { createOAuthClient } from './oauth/oauth-client';
import { RAW_ROUTE_PATTERN, createRawRoutes } from './raw/raw-routes';
import { createLoginAttemptLimiter } from './rate-limit/login-attempts';
import { clearSessionCookie } from './session/cookies';
import { createLoginTransactions } from './session/login-transactions';
import { createSessionRefresher } from './session/refresh-session';
import { createSessionManager } from './session/sessions';
import { createStaticRoutes, imageOriginsFor } from './static/static-routes';
import { createUsageCounter } from './usage/usage-counter';
import { createUsageRoutes } from './usage/usage-routes';

export type { AppDeps } from './context';

export function createApp(deps: AppDeps): Hono<BffEnv> {
  return createBff(deps).app;
}

/**
 * The Hono app, plus the `/api` proxy core it mounts, for Node's fast path (`node/node-listener.ts`) to run
 * the very same instance (same session cache, revalidation cache and usage counter) outside Hono.
 */
export interface Bff {
  app: Hono<BffEnv>;
  proxy: ApiProxy;
  ctx: BffContext;
  /** What the app-wide middleware was set up with: HSTS on every answer, https required behind a proxy. */
  hardening: { hsts: boolean; httpsOnly: boolean };
}

export function createBff(deps: AppDeps): Bff {
  const { config, store, now, logger } = deps;
  const keyRing = createKeyRing(config.session.keys);
  // Surfaced on first use (as a 500), not as an unhandled rejection at start-up.
  keyRing.catch(() => undefined);

  // Memory only, per instance: what Bitbucket last answered each session, revalidated before every reuse.
  const revalidation = createRevalidationCache(now);
  const sessions = forgetCachedAnswersOnEnd(
    createSessionManager({
      store,
      keyRing,
      now,
      idleSeconds: config.session.idleSeconds,
      absoluteSeconds: config.session.absoluteSeconds,
    }),
    revalidation,
  );
  const oauth = createOAuthClient({
    bitbucket: config.bitbucket,
    redirectUri: config.redirectUri,
    fetch: deps.fetch,
    now,
    timeoutMs: config.upstreamTimeoutMs,
  });
  const ctx: BffContext = {
    ...deps,
    sessions,
    loginTransactions: createLoginTransactions({ store, keyRing, now }),
    oauth,
    refresher: createSessionRefresher({ sessions, oauth, logger, now }),
    loginAttempts: createLoginAttemptLimiter({ store, now }),
    usage: createUsageCounter({ store, now, flushDelayMs: deps.usageFlushDelayMs ?? 0 }),
  };

  const app = new Hono<BffEnv>();
  // Outermost, so its line has the final status and every answer (errors and 404s too) its request id.
  app.use('*', requestLog({ logger, now }));
  // Outside the security headers, so it adds `sandbox` to their final policy for proxied content.
  app.use(`${API_PREFIX}/*`, sandboxProxiedContent());
  app.use(RAW_ROUTE_PATTERN, sandboxProxiedContent());
  // Production demands an https public URL at start-up, so there every response carries HSTS.
  const hardening = {
    hsts: config.production || config.publicUrl.startsWith('https:'),
    httpsOnly: config.production && config.trustProxy > 0,
  };
  app.use('*', securityHeaders({ hsts: hardening.hsts }));
  // Inside the security headers, so a 413/414/431 is hardened like any other answer.
  app.use('*', requestLimits());
  // Health checks come from the platform, often over plain http inside its network: they stay reachable.
  app.route('/', createHealthRoutes(ctx));
  if (hardening.httpsOnly) {
    app.use('*', requireHttps({ publicOrigin: config.publicUrl }));
  }
  app.route('/bff', createAuthRoutes(ctx));
  app.route('/bff', createTokenLoginRoutes(ctx));
  app.route('/bff', createSessionListRoutes(ctx));
  app.route('/bff', createUsageRoutes(ctx));
  // Sent by the browser itself, without X-CSRF: the route reads no session and changes nothing but a log.
  app.route('/bff', createCspReportRoutes(ctx));
  const bitbucket = createBitbucketClient({ ...ctx, fetch: deps.apiFetch ?? deps.fetch });
  const proxy = createApiProxy(ctx, bitbucket, revalidation);
  app.route(API_PREFIX, createApiProxyRoutes(proxy));
  // After `/bff` and `/api`, so those prefixes are never read as a workspace.
  app.route('/', createRawRoutes(ctx, bitbucket));
  // Last: every other page load is the SPA's (its router decides what the path means).
  if (deps.assets !== undefined) {
    app.route(
      '/',
      createStaticRoutes({
        assets: deps.assets,
        logger,
        imageOrigins: imageOriginsFor(config.bitbucket),
        publicUrl: config.publicUrl,
      }),
    );
  }

  app.notFound((c) => c.json(errorBody('not_found'), 404));

  app.onError((error, c) => {
    const answer = errorAnswer(error, logger, c.req.path);
    if (answer.endSession) clearSessionCookie(c);
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
    return c.json(answer.body, answer.status);
  });

  return { app, proxy, ctx, hardening };
}
