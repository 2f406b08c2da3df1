// What the Workers entrypoint builds from its bindings: the config, the deps, and each request's bindings.
import type { AppDeps, BffEnv } from '../context';
import { parseConfig, type Config, type ParseConfigResult } from '../env';
import type { Logger } from '../logger';
import type { FetchLike } from '../oauth/oauth-client';
import { createKvStore } from './kv-store';
import type { SessionLock } from './session-lock';
import { createWorkerAssets } from './worker-assets';

/** The Worker's `env`: the bindings wrangler.toml declares, plus `[vars]` and secrets as strings. */
export interface WorkerEnv {
  ASSETS: Fetcher;
  SESSIONS: KVNamespace;
  SESSION_LOCKS: DurableObjectNamespace<SessionLock>;
  [variable: string]: unknown;
}

const BINDINGS = [
  ['ASSETS', 'the static assets binding is missing (wrangler.toml [assets] binding = "ASSETS")'],
  ['SESSIONS', 'the SESSIONS KV namespace binding is missing (wrangler.toml [[kv_namespaces]])'],
  [
    'SESSION_LOCKS',
    'the SESSION_LOCKS Durable Object binding is missing (wrangler.toml [[durable_objects.bindings]])',
  ],
] as const;

/**
 * The same validation as Node (`parseConfig` over the string variables and secrets), plus what only holds
 * on Workers: the bindings exist, the store is always KV, the client address is always Cloudflare's, and the
 * session keys are configured — a key made up at start-up would differ between isolates, so a session sealed
 * by one could not be opened by another.
 */
export function readWorkerConfig(env: WorkerEnv): ParseConfigResult {
  const problems: string[] = [];
  for (const [name, problem] of BINDINGS) if (env[name] == null) problems.push(problem);
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') variables[name] = value;
  }
  if ((variables.PAIL_SESSION_STORE ?? '').trim() !== '') {
    problems.push(
      'PAIL_SESSION_STORE does not apply on Workers: sessions live in the SESSIONS KV namespace, written through the SESSION_LOCKS Durable Objects; remove it',
    );
  }
  delete variables.PAIL_SESSION_STORE;
  // Cloudflare's edge is the only proxy, and it names the client itself: no X-Forwarded-For is read.
  if ((variables.PAIL_TRUST_PROXY ?? '').trim() !== '') {
    problems.push(
      'PAIL_TRUST_PROXY does not apply on Workers: the client address is the one Cloudflare gives (CF-Connecting-IP); remove it',
    );
  }
  delete variables.PAIL_TRUST_PROXY;
  const parsed = parseConfig(variables);
  if (!parsed.ok) return { ok: false, problems: [...problems, ...parsed.problems] };
  if (parsed.config.session.keysGenerated) {
    problems.push(
      'PAIL_SESSION_KEYS is required on Workers (`wrangler secret put PAIL_SESSION_KEYS`, or `--var` for `wrangler dev`): each isolate would otherwise seal sessions with a key of its own',
    );
  }
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

export interface WorkerDepsOptions {
  logger: Logger;
  /** Tests inject the emulator's; the Worker uses its own `fetch`. */
  fetch?: FetchLike;
  now?: () => number;
}

export function createWorkerDeps(
  env: WorkerEnv,
  config: Config,
  options: WorkerDepsOptions,
): AppDeps {
  return {
    config,
    store: createKvStore({ kv: env.SESSIONS, objects: env.SESSION_LOCKS }),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now: options.now ?? Date.now,
    logger: options.logger,
    assets: createWorkerAssets(env.ASSETS),
  };
}

/**
 * Hono's bindings for one request. `CF-Connecting-IP` is set by Cloudflare's edge on every request,
 * replacing any a client sent, so here — and only here — it names the client.
 */
export function requestBindings(request: Request): BffEnv['Bindings'] {
  const connectingIp = request.headers.get('CF-Connecting-IP');
  return { cloudflare: connectingIp === null ? {} : { connectingIp } };
}
