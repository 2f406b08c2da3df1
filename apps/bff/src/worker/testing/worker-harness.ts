// Builds the BFF inside workerd the way worker.ts does, against the in-isolate emulator and a recording fetch.
import { env } from 'cloudflare:workers';
import { createEmulator } from '@pail/bitbucket-emulator';
import { expect } from 'vitest';
import { createApp } from '../../app';
import { CookieJar } from '../../testing/cookie-jar';
import { createMemoryLogger } from '../../testing/memory-logger';
import { createWorkerDeps, readWorkerConfig, requestBindings, type WorkerEnv } from '../worker-app';

export const bindings = env as unknown as WorkerEnv;

export interface WorkerRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  jar?: CookieJar;
  /** Adds `X-CSRF: 1`. */
  csrf?: boolean;
  body?: string;
}

/** The Worker's own config (wrangler.toml's `emulator` environment and the test key), as the entry reads it. */
export function workerConfig() {
  const result = readWorkerConfig(bindings);
  if (!result.ok) throw new Error(`worker config invalid: ${result.problems.join('; ')}`);
  return result.config;
}

/** A KV namespace and an object namespace that fail every call while `down` is set, as in an outage. */
export function failingBindings(env: WorkerEnv = bindings) {
  const state = { down: false };
  function guard<T>(operation: () => Promise<T>): Promise<T> {
    return state.down
      ? Promise.reject(new Error('KV GET failed: 503 Service Unavailable'))
      : operation();
  }
  const kv = env.SESSIONS;
  const sessions = {
    get: (key: string) => guard(() => kv.get(key)),
    getWithMetadata: (key: string) => guard(() => kv.getWithMetadata(key)),
    put: (key: string, value: string, options?: KVNamespacePutOptions) =>
      guard(() => kv.put(key, value, options)),
    delete: (key: string) => guard(() => kv.delete(key)),
  } as unknown as KVNamespace;
  const objects = env.SESSION_LOCKS;
  const locks = {
    idFromName: (name: string) => objects.idFromName(name),
    get(id: DurableObjectId) {
      const stub = objects.get(id);
      return {
        read: () => guard(() => stub.read()),
        write: (value: string, ttlMs: number) => guard(() => stub.write(value, ttlMs)),
        remove: () => guard(() => stub.remove()),
        take: () => guard(() => stub.take()),
        tryAcquire: (token: string, ttlMs: number) => guard(() => stub.tryAcquire(token, ttlMs)),
        release: (token: string) => guard(() => stub.release(token)),
      };
    },
  } as unknown as WorkerEnv['SESSION_LOCKS'];
  return { state, env: { ...env, SESSIONS: sessions, SESSION_LOCKS: locks } as WorkerEnv };
}

export function createWorkerHarness(options: { env?: WorkerEnv } = {}) {
  const env = options.env ?? bindings;
  const config = workerConfig();
  const emulator = createEmulator({
    origin: config.bitbucket.apiOrigin,
    callbackUrl: config.redirectUri,
  });
  const upstreamCalls: URL[] = [];
  /** Every token Bitbucket handed out: none may reach a response, a log or the KV namespace in clear. */
  const secrets = new Set<string>([config.bitbucket.clientSecret]);
  const fetchThroughEmulator: typeof fetch = async (input, init) => {
    const url = new URL(new Request(input, init).url);
    upstreamCalls.push(url);
    const response = await emulator.fetch(input, init);
    if (url.pathname === '/site/oauth2/access_token' && response.ok) {
      const json = (await response.clone().json()) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token']) {
        if (typeof json[key] === 'string') secrets.add(json[key]);
      }
    }
    return response;
  };
  const logger = createMemoryLogger();
  const app = createApp(createWorkerDeps(env, config, { logger, fetch: fetchThroughEmulator }));

  async function request(path: string, options: WorkerRequestOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    const cookie = options.jar?.header();
    if (cookie !== undefined && !headers.has('Cookie')) headers.set('Cookie', cookie);
    if (options.csrf) headers.set('X-CSRF', '1');
    const incoming = new Request(new URL(path, config.publicUrl), {
      method: options.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const response = await app.fetch(incoming, requestBindings(incoming));
    options.jar?.capture(response);
    return response;
  }

  /** `GET /bff/login`; returns the authorize URL the BFF redirected to. */
  async function startLogin(jar: CookieJar): Promise<URL> {
    const login = await request('/bff/login', { jar });
    expect(login.status).toBe(302);
    return new URL(login.headers.get('Location') ?? '');
  }

  /** Shows the emulator's consent page and grants it; returns the callback URL the emulator sends back. */
  async function consent(authorizeUrl: URL, account = 'alice'): Promise<URL> {
    const page = await emulator.fetch(authorizeUrl.href, { redirect: 'manual' });
    const html = await page.text();
    const unescape = (text: string) => text.replace(/&amp;/g, '&');
    const fields = new URLSearchParams();
    for (const tag of html.match(/<input\b[^>]*type="hidden"[^>]*>/gi) ?? []) {
      const name = /\sname="([^"]*)"/.exec(tag)?.[1];
      if (name !== undefined)
        fields.append(name, unescape(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? ''));
    }
    fields.set('account', account);
    fields.set('decision', 'grant');
    const action = /<form\b[^>]*\saction="([^"]*)"/i.exec(html)?.[1] ?? authorizeUrl.pathname;
    const granted = await emulator.fetch(new URL(unescape(action), authorizeUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
      redirect: 'manual',
    });
    expect(granted.status).toBe(302);
    return new URL(granted.headers.get('Location') ?? '');
  }

  /** The whole dance, as a browser on the Worker's origin; returns the callback and the BFF's answer. */
  async function signIn(jar: CookieJar, account = 'alice') {
    const callbackUrl = await consent(await startLogin(jar), account);
    const response = await request(callbackUrl.pathname + callbackUrl.search, { jar });
    expect(response.status).toBe(302);
    return { callbackUrl, response };
  }

  const tokenCalls = () =>
    upstreamCalls.filter((url) => url.pathname === '/site/oauth2/access_token').length;

  return {
    app,
    config,
    emulator,
    logger,
    secrets,
    upstreamCalls,
    request,
    startLogin,
    consent,
    signIn,
    tokenCalls,
    newJar: () => new CookieJar(),
  };
}
