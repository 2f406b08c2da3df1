// Builds the BFF's Hono app from injected deps; importing this module does nothing by itself.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { API_PREFIX } from '@pail/shared';
import { createApiProxyRoutes } from './api-proxy/api-proxy-routes';
import { createBitbucketClient } from './api-proxy/bitbucket-client';
import { createRevalidationCache, forgetCachedAnswersOnEnd } from './api-proxy/revalidation-cache';
import { sandboxProxiedContent } from './api-proxy/sandbox-proxied-content';
import { createAuthRoutes } from './auth/auth-routes';
import { createSessionListRoutes } from './auth/session-list-routes';
import { createTokenLoginRoutes } from './auth/token-login-routes';
import type { AppDeps, BffContext, BffEnv } from './context';
import { createCspReportRoutes } from './csp-report/csp-report-routes';
import { createKeyRing } from './crypto/seal';
import { BffError, errorBody } from './errors';
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
import { SessionEndedError, createSessionRefresher } from './session/refresh-session';
import { createSessionManager } from './session/sessions';
import { createStaticRoutes, imageOriginsFor } from './static/static-routes';
import { createUsageCounter } from './usage/usage-counter';
import { createUsageRoutes } from './usage/usage-routes';

export type { AppDeps } from './context';

export function createApp(deps: AppDeps): Hono<BffEnv> {
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
  app.use(
    '*',
    securityHeaders({ hsts: config.production || config.publicUrl.startsWith('https:') }),
  );
  // Inside the security headers, so a 413/414/431 is hardened like any other answer.
  app.use('*', requestLimits());
  // Health checks come from the platform, often over plain http inside its network: they stay reachable.
  app.route('/', createHealthRoutes(ctx));
  if (config.production && config.trustProxy > 0) {
    app.use('*', requireHttps({ publicOrigin: config.publicUrl }));
  }
  app.route('/bff', createAuthRoutes(ctx));
  app.route('/bff', createTokenLoginRoutes(ctx));
  app.route('/bff', createSessionListRoutes(ctx));
  app.route('/bff', createUsageRoutes(ctx));
  // Sent by the browser itself, without X-CSRF: the route reads no session and changes nothing but a log.
  app.route('/bff', createCspReportRoutes(ctx));
  const bitbucket = createBitbucketClient(ctx);
  app.route(API_PREFIX, createApiProxyRoutes(ctx, bitbucket, revalidation));
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
    if (error instanceof SessionEndedError) {
      logger.info('session.ended', { reason: error.reason });
      clearSessionCookie(c);
      return c.json(errorBody('unauthenticated', 'Your session has ended; sign in again.'), 401);
    }
    if (error instanceof BffError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody('bad_request'), 400);
    }
    // Unknown failures: logged by name only, answered generically. Never a stack, never fail open.
    logger.error('internal_error', { error: error.name, path: c.req.path });
    return c.json(errorBody('internal'), 500);
  });

  return app;
}
