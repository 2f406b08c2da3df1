// createEmulator(): builds the whole Bitbucket Cloud emulator (OAuth, REST 2.0, avatars, test controls, faults) from options.
import { Hono } from 'hono';
import { tagJsonAnswers } from './api/entity-tags';
import { errorBody, ApiError, apiErrorResponse, NO_API_HERE } from './api/api-error';
import { goneRoutes } from './api/gone-routes';
import { DEFAULT_MAX_DIFF_BYTES } from './api/commit-routes';
import { contentRoutes } from './api/content-routes';
import { repositoryRoutes } from './api/repository-routes';
import { userRoutes } from './api/user-routes';
import { workspaceRoutes } from './api/workspace-routes';
import {
  authenticate,
  emulatedBasicCredentials,
  rejectTokensOutsideHeader,
} from './auth/authenticate';
import type { BasicCredentialVerifier } from './auth/authenticate';
import { CredentialStore } from './auth/basic-credentials';
import type { AppPasswordMode } from './auth/basic-credentials';
import { avatarRoutes } from './avatars/avatar-routes';
import { controlRoutes } from './controls/control-routes';
import { credentialControls } from './controls/emulator-controls';
import type { EmulatorControls } from './controls/emulator-controls';
import { RequestLog, recordRequests } from './controls/request-log';
import type { EmulatorContext } from './emulator-context';
import type { FaultSettings } from './faults/fault-settings';
import { FaultState } from './faults/fault-state';
import { injectFaults, isUnanswered } from './faults/inject-faults';
import { authorizeRoutes } from './oauth/authorize';
import { GrantStore } from './oauth/grant-store';
import { revocationRoutes } from './oauth/revoke';
import { tokenRoutes } from './oauth/token';
import { buildWorld } from './seed/build-world';
import { Directory } from './world/directory';

export const DEFAULT_ORIGIN = 'http://localhost:8090';
export const DEFAULT_CALLBACK_URL = 'http://localhost:5173/bff/callback';

export interface EmulatorOptions {
  /** Public origin used in links, redirects and `next` URLs. Default `http://localhost:8090`. */
  origin?: string;
  /** Registered callback URL of the seeded consumers. Default `http://localhost:5173/bff/callback`. */
  callbackUrl?: string;
  /** Clock in milliseconds, injectable for expiry tests. Default `Date.now`. */
  now?: () => number;
  /** Lifetime of access tokens. Default 7200, as every observed Bitbucket response says. */
  accessTokenTtlSeconds?: number;
  /**
   * Replaces the emulator's own Basic verifier (seeded and created API tokens by account email; app
   * passwords by nickname, per `appPasswords`).
   */
  basicCredentialVerifier?: BasicCredentialVerifier;
  /** `removed` (default): app passwords get Bitbucket's 401 since 2026-07-28; `accepted`: they work as before. */
  appPasswords?: AppPasswordMode;
  /** Serves an RFC 7009 revocation endpoint at `/site/oauth2/revoke` (Bitbucket has none). Default false. */
  revocationEndpoint?: boolean;
  /**
   * Diffs larger than this many bytes answer 555, as Bitbucket's too-large diffs do. Default 1,000,000;
   * the fault settings can change it at run time, and clearing them brings this value back.
   */
  maxDiffBytes?: number;
  /**
   * Fault settings in force from the start (latency, failing answers, dropped connections, a rate limit);
   * validated as `controls.setFaults` does, so invalid ones throw. `controls.reset()` clears them.
   */
  faults?: FaultSettings;
  /**
   * Adds the scale fixtures for benchmarks: the private workspace `bigcorp` (alice a member) with 10,000
   * repositories, `bigcorp/monorepo` with a 5 MB source file and a commit touching 5,000 files. Default false.
   */
  scale?: boolean;
}

export interface Emulator {
  app: Hono;
  origin: string;
  /**
   * A fetch that serves requests to the emulator's origin in-process; throws for any other origin. A
   * `reset` fault rejects it as undici does (`TypeError('fetch failed')`, `cause.code` `ECONNRESET`); a
   * `hang` holds it until its `signal` aborts, then rejects with the signal's reason.
   */
  fetch: typeof globalThis.fetch;
  controls: EmulatorControls;
}

const MAX_REDIRECTS = 20;

/** Follows redirects like fetch would, but only within the emulator: it never reaches the network. */
function inProcessFetch(app: Hono, origin: string): typeof globalThis.fetch {
  const serve = async (request: Request, hops: number): Promise<Response> => {
    const target = new URL(request.url);
    if (target.origin !== origin) {
      throw new TypeError(`The emulator's fetch only serves ${origin}, not ${target.origin}`);
    }
    request.signal.throwIfAborted();
    const response = await app.fetch(request);
    const location = response.headers.get('location');
    if (
      request.redirect === 'manual' ||
      !location ||
      response.status < 300 ||
      response.status > 399
    ) {
      return response;
    }
    if (request.redirect === 'error')
      throw new TypeError(`Redirect refused: ${request.url} → ${location}`);
    if (hops >= MAX_REDIRECTS) throw new TypeError('Too many redirects');
    const keepMethod = response.status === 307 || response.status === 308;
    const next = new Request(new URL(location, request.url), {
      method: keepMethod ? request.method : 'GET',
      headers: request.headers,
      body:
        keepMethod && request.method !== 'GET' && request.method !== 'HEAD'
          ? await request.clone().arrayBuffer()
          : undefined,
      redirect: request.redirect,
      signal: request.signal,
    });
    return serve(next, hops + 1);
  };
  return (input, init) => {
    const served = serve(new Request(input, init), 0);
    const signal = init?.signal;
    if (!signal) return served;
    // A Request follows the caller's signal only weakly: a hung request nothing else holds could be
    // collected before it hears the abort. Listening on the caller's own signal keeps that promise.
    let stop = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = (): void => reject(signal.reason);
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      stop = () => signal.removeEventListener('abort', onAbort);
    });
    return Promise.race([served, aborted]).finally(stop);
  };
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const origin = new URL(options.origin ?? DEFAULT_ORIGIN).origin;
  const callbackUrl = options.callbackUrl ?? DEFAULT_CALLBACK_URL;
  const now = options.now ?? Date.now;
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 7200;
  const faults = new FaultState(options.maxDiffBytes ?? DEFAULT_MAX_DIFF_BYTES, now);
  if (options.faults) faults.set(options.faults);

  const ctx: EmulatorContext = {
    origin,
    now,
    accessTokenTtlSeconds,
    directory: new Directory(buildWorld(callbackUrl, { scale: options.scale })),
    grants: new GrantStore(now, accessTokenTtlSeconds * 1000),
    credentials: new CredentialStore(now),
    appPasswords: options.appPasswords ?? 'removed',
    log: new RequestLog(),
    faults,
  };

  const controls: EmulatorControls = {
    reset() {
      ctx.directory = new Directory(buildWorld(callbackUrl, { scale: options.scale }));
      ctx.grants.clear();
      ctx.credentials.reset();
      ctx.appPasswords = options.appPasswords ?? 'removed';
      ctx.log.clear();
      faults.clear();
    },
    requests: () => ctx.log.all(),
    clearRequests: () => ctx.log.clear(),
    expireAccessTokens: () => ctx.grants.expireAccessTokens(),
    revokeGrants: (nickname) => ctx.grants.revokeGrants(nickname),
    ...credentialControls(ctx),
    setFaults: (settings) => faults.set(settings),
    faults: () => faults.inForce(),
    clearFaults: () => faults.clear(),
  };

  const verifyBasic = options.basicCredentialVerifier ?? emulatedBasicCredentials(ctx);
  const authenticated = authenticate(ctx, verifyBasic);
  // strict: false, so `/2.0/repositories/acme/` and `/2.0/repositories/acme` are the same resource.
  const app = new Hono({ strict: false });
  app.use('*', recordRequests(ctx.log, now));
  // Before every route; it only touches /2.0/ and the OAuth token and revocation endpoints.
  app.use('*', injectFaults(ctx, verifyBasic));
  app.route('/', controlRoutes(controls, ctx));
  app.route('/', authorizeRoutes(ctx));
  app.route('/', tokenRoutes(ctx));
  if (options.revocationEndpoint) app.route('/', revocationRoutes(ctx));
  app.route('/', avatarRoutes(ctx));
  app.use('/2.0/*', rejectTokensOutsideHeader());
  // Outside every API route, so each JSON answer is tagged by its final bytes.
  app.use('/2.0/*', tagJsonAnswers());
  app.route('/', goneRoutes());
  app.route('/', userRoutes(ctx, authenticated));
  app.route('/', workspaceRoutes(ctx, authenticated));
  app.route('/', repositoryRoutes(ctx, authenticated));
  app.route('/', contentRoutes(ctx, authenticated, { maxDiffBytes: () => faults.maxDiffBytes }));

  app.notFound((c) => c.json(errorBody('Resource not found', NO_API_HERE), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return apiErrorResponse(c, error);
    // A dropped connection or an abandoned hang has no answer: the error goes on to the caller's fetch.
    if (isUnanswered(c)) throw error;
    console.error('Bitbucket emulator: unexpected error', error);
    return c.json(errorBody('Something went wrong', 'The emulator hit an unexpected error.'), 500);
  });

  return { app, origin, fetch: inProcessFetch(app, origin), controls };
}
