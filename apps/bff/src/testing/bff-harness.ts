// Builds the BFF against the in-process Bitbucket emulator, with a movable clock and a recording fetch.
import { createEmulator, type EmulatorOptions } from '@pail/bitbucket-emulator';
import { createApp } from '../app';
import type { BffEnv } from '../context';
import { parseConfig, type Config } from '../env';
import { createMemoryStore, type MemorySessionStore } from '../session/memory-store';
import type { SessionStore } from '../session/session-store';
import { CookieJar } from './cookie-jar';
import { testKey } from './keys';
import type { Logger } from '../logger';
import type { StaticAssets } from '../static/static-assets';
import { createMemoryLogger, type MemoryLogger } from './memory-logger';

export const EMULATOR_ORIGIN = 'http://localhost:8090';
export const PUBLIC_URL = 'http://localhost:5173';
export const CALLBACK_URL = `${PUBLIC_URL}/bff/callback`;
export const TOKEN_PATH = '/site/oauth2/access_token';
/** 2026-10-01T09:00:00Z: a fixed start so the clock is deterministic. */
export const START_TIME = Date.UTC(2026, 9, 1, 9, 0, 0);

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: Headers;
  /** The request body as text (token endpoint forms), '' when none. */
  body: string;
  signal: AbortSignal | undefined;
}

/** Plays an upstream: return a Response to answer instead of the emulator, or call `forward()`. */
export type UpstreamHandler = (
  call: UpstreamCall,
  forward: () => Promise<Response>,
) => Promise<Response>;

export interface HarnessOptions {
  /** Extra environment for `parseConfig` (defaults give emulator mode with one fixed key). */
  env?: Record<string, string>;
  upstream?: UpstreamHandler;
  upstreamTimeoutMs?: number;
  accessTokenTtlSeconds?: number;
  /** A second logger that receives every event too (e.g. LogTape's real JSON-lines output). */
  alsoLogTo?: Logger;
  /** The built SPA, served by the BFF as in production. */
  assets?: StaticAssets;
  /** More emulator options (app passwords, a revocation endpoint…). */
  emulator?: Omit<EmulatorOptions, 'origin' | 'callbackUrl' | 'now'>;
  /** Wraps the store the app uses (one that fails on demand…); `harness.store` stays the memory store. */
  wrapStore?: (store: MemorySessionStore) => SessionStore;
  /** The jitter of the pause before a retry to Bitbucket (the pause itself is recorded, not waited). */
  random?: () => number;
}

export interface RecordedResponse {
  path: string;
  status: number;
  headers: [string, string][];
  body: string;
}

export interface BffRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  jar?: CookieJar;
  /** Adds `X-CSRF: 1`. */
  csrf?: boolean;
  /** Hono bindings; `{ incoming: { url } }` plays Node's raw request target. */
  env?: BffEnv['Bindings'];
  /** A request body (sent as given; set its Content-Type in `headers`). */
  body?: string;
}

export type Harness = ReturnType<typeof createHarness>;

/**
 * Rejects with the signal's reason once it aborts, as a real fetch does. The in-process emulator's request
 * follows the caller's signal only through a weak reference, so a hung request that nothing else holds
 * could be collected and never hear the abort.
 */
function rejectOnAbort<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return answer;
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([answer, aborted]).finally(() =>
    signal.removeEventListener('abort', onAbort),
  );
}

export function createHarness(options: HarnessOptions = {}) {
  let time = START_TIME;
  const clock = {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
  const emulator = createEmulator({
    origin: EMULATOR_ORIGIN,
    callbackUrl: CALLBACK_URL,
    now: clock.now,
    ...(options.accessTokenTtlSeconds
      ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
      : {}),
    ...options.emulator,
  });

  /** Every token or secret Bitbucket handed out: none of them may ever reach the browser or the logs. */
  const secrets = new Set<string>(['pail-dev-secret']);
  const upstreamCalls: UpstreamCall[] = [];

  const fetchThroughEmulator: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const call: UpstreamCall = {
      url: new URL(request.url),
      method: request.method,
      headers: new Headers(request.headers),
      body: request.body === null ? '' : await request.text(),
      signal: init?.signal ?? undefined,
    };
    upstreamCalls.push(call);
    const forward = () => emulator.fetch(input, init);
    const answer = options.upstream ? options.upstream(call, forward) : forward();
    const response = await rejectOnAbort(answer, call.signal);
    if (call.url.pathname === TOKEN_PATH && response.ok) {
      const json = (await response.clone().json()) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token']) {
        if (typeof json[key] === 'string') secrets.add(json[key]);
      }
    }
    return response;
  };

  function buildConfig(env: Record<string, string> | undefined): Config {
    const parsed = parseConfig({ NODE_ENV: 'test', PAIL_SESSION_KEYS: testKey(1), ...env });
    if (!parsed.ok) throw new Error(`test config invalid: ${parsed.problems.join('; ')}`);
    return {
      ...parsed.config,
      upstreamTimeoutMs: options.upstreamTimeoutMs ?? parsed.config.upstreamTimeoutMs,
    };
  }
  const store: MemorySessionStore = createMemoryStore({ now: clock.now });
  const appStore: SessionStore = options.wrapStore ? options.wrapStore(store) : store;
  /** Pauses before retries to Bitbucket, in ms: recorded, never waited. */
  const retryPauses: number[] = [];
  const sleep = async (ms: number) => {
    retryPauses.push(ms);
  };
  const logger: MemoryLogger = createMemoryLogger();
  const extra = options.alsoLogTo;
  const appLogger: Logger = extra
    ? {
        info: (event, props) => (logger.info(event, props), extra.info(event, props)),
        warn: (event, props) => (logger.warn(event, props), extra.warn(event, props)),
        error: (event, props) => (logger.error(event, props), extra.error(event, props)),
      }
    : logger;
  let config = buildConfig(options.env);
  let app = createApp({
    config,
    store: appStore,
    fetch: fetchThroughEmulator,
    now: clock.now,
    logger: appLogger,
    sleep,
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.assets === undefined ? {} : { assets: options.assets }),
  });

  const responses: RecordedResponse[] = [];

  async function request(path: string, init: BffRequestOptions = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = init.jar?.header();
    if (cookie !== undefined && !headers.has('Cookie')) headers.set('Cookie', cookie);
    if (init.csrf) headers.set('X-CSRF', '1');
    const response = await app.request(
      path,
      {
        method: init.method ?? 'GET',
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
      },
      init.env,
    );
    init.jar?.capture(response);
    responses.push({
      path,
      status: response.status,
      headers: [...response.headers],
      body: await response.clone().text(),
    });
    return response;
  }

  return {
    get app() {
      return app;
    },
    get config() {
      return config;
    },
    /** Restarts the BFF with a different environment, keeping the store, emulator and clock. */
    rebuild(env: Record<string, string>) {
      config = buildConfig(env);
      app = createApp({
        config,
        store: appStore,
        fetch: fetchThroughEmulator,
        now: clock.now,
        logger: appLogger,
        sleep,
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(options.assets === undefined ? {} : { assets: options.assets }),
      });
    },
    store,
    retryPauses,
    logger,
    clock,
    emulator,
    secrets,
    upstreamCalls,
    responses,
    request,
    newJar: () => new CookieJar(),
    /** Requests the emulator itself saw on its token endpoint. */
    tokenRequests: () => emulator.controls.requests().filter((r) => r.path === TOKEN_PATH),
    /** Requests that reached Bitbucket's REST API (anything under /2.0). */
    apiRequests: () => emulator.controls.requests().filter((r) => r.path.startsWith('/2.0/')),
    /** Every place a secret could have leaked to: responses seen by the browser, and the logs. */
    leakedSecrets(): string[] {
      const surfaces = [
        ...responses.map((r) => JSON.stringify(r)),
        ...logger.entries.map((entry) => JSON.stringify(entry)),
        ...logger.requests.map((entry) => JSON.stringify(entry)),
      ];
      return [...secrets].filter((secret) => surfaces.some((text) => text.includes(secret)));
    },
  };
}
