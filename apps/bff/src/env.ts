// The only module that reads the environment: validates it once and lists every problem in plain words.
import * as v from 'valibot';

export const DEFAULT_PUBLIC_URL = 'http://localhost:5173';
export const DEFAULT_EMULATOR_URL = 'http://localhost:8090';
export const BITBUCKET_DEFAULTS = {
  authorizeUrl: 'https://bitbucket.org/site/oauth2/authorize',
  tokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
  apiUrl: 'https://api.bitbucket.org',
} as const;
/** The private consumer the emulator seeds (DEV_CONSUMER); only ever used outside production. */
export const EMULATOR_CONSUMER = { clientId: 'pail-dev', clientSecret: 'pail-dev-secret' } as const;

export const DEFAULT_SESSION_IDLE_MINUTES = 120;
export const DEFAULT_SESSION_ABSOLUTE_HOURS = 24 * 7;
/** Bitbucket kills a refresh token unused for three months: a session may not outlive that. */
const MAX_SESSION_ABSOLUTE_HOURS = 24 * 90;
const DEFAULT_PORT = 8080;
const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;

export interface BitbucketConfig {
  /** `emulator` when no consumer is configured outside production. */
  mode: 'emulator' | 'bitbucket';
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** An origin (`https://api.bitbucket.org`): the only place access tokens are ever sent. */
  apiOrigin: string;
  revocationUrl: string | undefined;
}

/** `PAIL_SESSION_STORE`, parsed. `display` names the store in messages: never a password. */
export type SessionStoreConfig =
  | { kind: 'memory'; display: 'memory' }
  | { kind: 'sqlite'; path: string; display: string }
  | {
      kind: 'redis';
      host: string;
      port: number;
      username: string | undefined;
      password: string | undefined;
      db: number;
      tls: boolean;
      /** Put in front of every key (`?prefix=`), so deployments can share one Redis. */
      keyPrefix: string;
      display: string;
    };

export const DEFAULT_REDIS_KEY_PREFIX = 'pail:';

export interface SessionConfig {
  /** Raw 32-byte AES-256 keys, newest first: the first encrypts, all decrypt. */
  keys: Uint8Array[];
  /** True when no keys were configured and random ones were made for this process. */
  keysGenerated: boolean;
  store: SessionStoreConfig;
  idleSeconds: number;
  absoluteSeconds: number;
}

export interface Config {
  production: boolean;
  /** The origin users load, without a trailing slash. */
  publicUrl: string;
  /** Always `${publicUrl}/bff/callback`; never derived from request headers. */
  redirectUri: string;
  bitbucket: BitbucketConfig;
  session: SessionConfig;
  server: { port: number; host: string | undefined };
  /**
   * Where the built SPA is (`PAIL_WEB_DIR`), when set. The Node server serves it on the BFF's own origin;
   * in production it defaults to the repository's `apps/web/dist`, in development Vite serves the SPA.
   */
  webDir: string | undefined;
  /** Limit for every outbound call (token endpoint and API). */
  upstreamTimeoutMs: number;
  /**
   * How many reverse proxies in front of the BFF append to `X-Forwarded-For` (`PAIL_TRUST_PROXY`); 0 means
   * none, and then no `X-Forwarded-*` header is believed. The client address is the entry that many places
   * from the right: anything further left was written by the client and proves nothing.
   */
  trustProxy: number;
}

export type ParseConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

type Env = Record<string, string | undefined>;

const optionalText = v.optional(v.pipe(v.string(), v.trim()));
/** Every variable is a string (or absent); presence and meaning are checked below, in plain words. */
const EnvSchema = v.looseObject({
  NODE_ENV: optionalText,
  PAIL_PUBLIC_URL: optionalText,
  PAIL_EMULATOR_URL: optionalText,
  BITBUCKET_CLIENT_ID: optionalText,
  BITBUCKET_CLIENT_SECRET: optionalText,
  BITBUCKET_AUTHORIZE_URL: optionalText,
  BITBUCKET_TOKEN_URL: optionalText,
  BITBUCKET_API_URL: optionalText,
  BITBUCKET_REVOCATION_URL: optionalText,
  PAIL_SESSION_KEYS: optionalText,
  PAIL_SESSION_STORE: optionalText,
  PAIL_SESSION_IDLE_MINUTES: optionalText,
  PAIL_SESSION_ABSOLUTE_HOURS: optionalText,
  PAIL_TRUST_PROXY: optionalText,
  PORT: optionalText,
  HOST: optionalText,
  PAIL_WEB_DIR: optionalText,
});

/** Treats an empty variable as unset, as shells and `.env` files commonly produce them. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

interface UrlRules {
  name: string;
  value: string;
  requireHttps: boolean;
  originOnly: boolean;
}

function parseUrl(rules: UrlRules, problems: string[]): URL | undefined {
  const { name, value, requireHttps, originOnly } = rules;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} is not a valid URL: ${JSON.stringify(value)}`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`${name} must be an http(s) URL, not ${url.protocol}`);
  } else if (requireHttps && url.protocol !== 'https:') {
    problems.push(`${name} must use https in production: ${JSON.stringify(value)}`);
  }
  if (url.username !== '' || url.password !== '') {
    problems.push(`${name} must not contain a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push(`${name} must not have a query string or fragment`);
  }
  if (originOnly && url.pathname !== '/') {
    problems.push(
      `${name} must be an origin without a path (like https://example.com), got path ${url.pathname}`,
    );
  }
  return problems.length === before ? url : undefined;
}

/** Accepts standard or URL-safe base64, with or without padding. */
function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (standard.length % 4 === 1) return undefined;
  try {
    const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function parseSessionKeys(
  value: string | undefined,
  production: boolean,
  problems: string[],
): { keys: Uint8Array[]; generated: boolean } {
  if (value === undefined) {
    if (production) {
      problems.push(
        'PAIL_SESSION_KEYS is required in production (comma-separated base64 32-byte keys, newest first; make one with `openssl rand -base64 32`)',
      );
      return { keys: [], generated: false };
    }
    return { keys: [crypto.getRandomValues(new Uint8Array(32))], generated: true };
  }
  const keys: Uint8Array[] = [];
  const entries = value.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const label = `PAIL_SESSION_KEYS entry ${index + 1}`;
    if (entry === '') {
      problems.push(`${label} is empty`);
      return;
    }
    const key = decodeBase64(entry);
    // The key itself is never echoed: only its shape.
    if (key === undefined) problems.push(`${label} is not base64 or base64url`);
    else if (key.length !== 32)
      problems.push(`${label} must decode to 32 bytes, not ${key.length}`);
    else keys.push(key);
  });
  return { keys, generated: false };
}

function parsePositiveInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  max: number,
  problems: string[],
  why = '',
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    problems.push(
      `${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}${why}`,
    );
    return fallback;
  }
  return Number(value);
}

/** The most proxies a request plausibly crosses (CDN, load balancer, ingress…). */
const MAX_TRUSTED_PROXIES = 10;

function parseTrustProxy(value: string | undefined, problems: string[]): number {
  if (value === undefined) return 0;
  const lower = value.toLowerCase();
  if (lower === 'false' || lower === '0') return 0;
  if (lower === 'true') return 1;
  if (/^\d+$/.test(value) && Number(value) <= MAX_TRUSTED_PROXIES) return Number(value);
  problems.push(
    `PAIL_TRUST_PROXY must be true, false or the number of proxies in front of Pail (0 to ${MAX_TRUSTED_PROXIES}), got ${JSON.stringify(value)}`,
  );
  return 0;
}

const MEMORY_STORE: SessionStoreConfig = { kind: 'memory', display: 'memory' };
const STORE_FORMS =
  'memory, sqlite:<path to a file> or redis://[user:password@]host[:port][/db][?prefix=…] (rediss:// for TLS)';

function parseSqliteStore(path: string, problems: string[]): SessionStoreConfig {
  if (path === '' || path === ':memory:') {
    problems.push(
      `PAIL_SESSION_STORE "sqlite:${path}" needs the path of a database file, like sqlite:./data/pail.db (for sessions in memory, use "memory")`,
    );
    return MEMORY_STORE;
  }
  return { kind: 'sqlite', path, display: `sqlite:${path}` };
}

function parseRedisStore(value: string, problems: string[]): SessionStoreConfig {
  const before = problems.length;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may carry a password: only its shape is described.
    problems.push(`PAIL_SESSION_STORE is not a valid redis:// URL; the forms are ${STORE_FORMS}`);
    return MEMORY_STORE;
  }
  const scheme = url.protocol.slice(0, -1);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const where = `${scheme}://${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  if (host === '') problems.push(`PAIL_SESSION_STORE (${scheme}://…) names no host`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (!/^\d{0,2}$/.test(dbText)) {
    problems.push(
      `PAIL_SESSION_STORE ${where}: the path must be a database number (like /0), got ${JSON.stringify(url.pathname)}`,
    );
  }
  const keyPrefix = url.searchParams.get('prefix') ?? DEFAULT_REDIS_KEY_PREFIX;
  const unknown = [...url.searchParams.keys()].filter((name) => name !== 'prefix');
  if (unknown.length > 0) {
    problems.push(
      `PAIL_SESSION_STORE ${where}: the only query parameter understood is prefix, not ${unknown.join(', ')}`,
    );
  }
  if (!/^[\w:.-]{1,64}$/.test(keyPrefix)) {
    problems.push(
      `PAIL_SESSION_STORE ${where}: prefix must be 1 to 64 letters, digits or _ : . -, got ${JSON.stringify(keyPrefix)}`,
    );
  }
  if (url.hash !== '') problems.push(`PAIL_SESSION_STORE ${where} must not have a fragment`);
  if (problems.length > before) return MEMORY_STORE;
  return {
    kind: 'redis',
    host,
    port,
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    db: dbText === '' ? 0 : Number(dbText),
    tls: scheme === 'rediss',
    keyPrefix,
    display: `${where}${url.searchParams.has('prefix') ? `?prefix=${keyPrefix}` : ''}`,
  };
}

function parseSessionStore(value: string | undefined, problems: string[]): SessionStoreConfig {
  if (value === undefined || value === 'memory') return MEMORY_STORE;
  if (value.startsWith('sqlite:')) return parseSqliteStore(value.slice('sqlite:'.length), problems);
  if (value.startsWith('redis://') || value.startsWith('rediss://')) {
    return parseRedisStore(value, problems);
  }
  // Only the scheme is named: a store URL may carry a password.
  const kind =
    /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0] ?? (value.length <= 16 ? value : 'this value');
  problems.push(
    `PAIL_SESSION_STORE "${kind}" is not a session store Pail knows; use ${STORE_FORMS}`,
  );
  return MEMORY_STORE;
}

function parseBitbucket(env: Env, production: boolean, problems: string[]): BitbucketConfig {
  const clientId = present(env.BITBUCKET_CLIENT_ID);
  const clientSecret = present(env.BITBUCKET_CLIENT_SECRET);
  const urlNames = [
    'BITBUCKET_AUTHORIZE_URL',
    'BITBUCKET_TOKEN_URL',
    'BITBUCKET_API_URL',
    'BITBUCKET_REVOCATION_URL',
  ] as const;

  if (clientId === undefined && clientSecret === undefined && !production) {
    for (const name of urlNames) {
      if (present(env[name]) !== undefined) {
        problems.push(
          `${name} is set but BITBUCKET_CLIENT_ID is not: set the consumer too, or unset ${name} to use the emulator`,
        );
      }
    }
    const emulator = parseUrl(
      {
        name: 'PAIL_EMULATOR_URL',
        value: present(env.PAIL_EMULATOR_URL) ?? DEFAULT_EMULATOR_URL,
        requireHttps: false,
        originOnly: true,
      },
      problems,
    );
    const origin = emulator?.origin ?? DEFAULT_EMULATOR_URL;
    return {
      mode: 'emulator',
      clientId: EMULATOR_CONSUMER.clientId,
      clientSecret: EMULATOR_CONSUMER.clientSecret,
      authorizeUrl: `${origin}/site/oauth2/authorize`,
      tokenUrl: `${origin}/site/oauth2/access_token`,
      apiOrigin: origin,
      revocationUrl: undefined,
    };
  }

  if (clientId === undefined) {
    problems.push(
      clientSecret === undefined
        ? 'BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are required in production'
        : 'BITBUCKET_CLIENT_ID is required when BITBUCKET_CLIENT_SECRET is set',
    );
  } else if (clientSecret === undefined) {
    problems.push('BITBUCKET_CLIENT_SECRET is required when BITBUCKET_CLIENT_ID is set');
  }

  const url = (name: (typeof urlNames)[number], fallback: string, originOnly = false) =>
    parseUrl(
      { name, value: present(env[name]) ?? fallback, requireHttps: production, originOnly },
      problems,
    );
  const authorize = url('BITBUCKET_AUTHORIZE_URL', BITBUCKET_DEFAULTS.authorizeUrl);
  const token = url('BITBUCKET_TOKEN_URL', BITBUCKET_DEFAULTS.tokenUrl);
  const api = url('BITBUCKET_API_URL', BITBUCKET_DEFAULTS.apiUrl, true);
  const revocationText = present(env.BITBUCKET_REVOCATION_URL);
  const revocation =
    revocationText === undefined ? undefined : url('BITBUCKET_REVOCATION_URL', revocationText);

  return {
    mode: 'bitbucket',
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    authorizeUrl: authorize?.href ?? BITBUCKET_DEFAULTS.authorizeUrl,
    tokenUrl: token?.href ?? BITBUCKET_DEFAULTS.tokenUrl,
    apiOrigin: api?.origin ?? BITBUCKET_DEFAULTS.apiUrl,
    revocationUrl: revocation?.href,
  };
}

/** Validates an environment and returns the typed config, or every problem found. Pure: testable. */
export function parseConfig(rawEnv: Env): ParseConfigResult {
  const parsed = v.safeParse(EnvSchema, rawEnv);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.issues.map((issue) => {
        const key = issue.path?.map((item) => String(item.key)).join('.') ?? 'environment';
        return `${key}: ${issue.message}`;
      }),
    };
  }
  const env = parsed.output as Env;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const publicText = present(env.PAIL_PUBLIC_URL);
  if (publicText === undefined && production) {
    problems.push('PAIL_PUBLIC_URL is required in production (the https origin users load)');
  }
  const publicUrl = parseUrl(
    {
      name: 'PAIL_PUBLIC_URL',
      value: publicText ?? DEFAULT_PUBLIC_URL,
      requireHttps: production,
      originOnly: true,
    },
    problems,
  );

  const bitbucket = parseBitbucket(env, production, problems);
  const { keys, generated } = parseSessionKeys(
    present(env.PAIL_SESSION_KEYS),
    production,
    problems,
  );
  const store = parseSessionStore(present(env.PAIL_SESSION_STORE), problems);
  const idleMinutes = parsePositiveInteger(
    'PAIL_SESSION_IDLE_MINUTES',
    present(env.PAIL_SESSION_IDLE_MINUTES),
    DEFAULT_SESSION_IDLE_MINUTES,
    MAX_SESSION_ABSOLUTE_HOURS * 60,
    problems,
  );
  const absoluteHours = parsePositiveInteger(
    'PAIL_SESSION_ABSOLUTE_HOURS',
    present(env.PAIL_SESSION_ABSOLUTE_HOURS),
    DEFAULT_SESSION_ABSOLUTE_HOURS,
    MAX_SESSION_ABSOLUTE_HOURS,
    problems,
    ' (a session cannot outlive its refresh token, which Bitbucket ends after three months unused)',
  );
  if (idleMinutes > absoluteHours * 60) {
    problems.push(
      `PAIL_SESSION_IDLE_MINUTES (${idleMinutes}) must not exceed PAIL_SESSION_ABSOLUTE_HOURS (${absoluteHours}) in minutes`,
    );
  }
  const port = parsePositiveInteger('PORT', present(env.PORT), DEFAULT_PORT, 65535, problems);
  const trustProxy = parseTrustProxy(present(env.PAIL_TRUST_PROXY), problems);

  if (problems.length > 0 || publicUrl === undefined) return { ok: false, problems };
  return {
    ok: true,
    config: {
      production,
      publicUrl: publicUrl.origin,
      redirectUri: `${publicUrl.origin}/bff/callback`,
      bitbucket,
      session: {
        keys,
        keysGenerated: generated,
        store,
        idleSeconds: idleMinutes * 60,
        absoluteSeconds: absoluteHours * 3600,
      },
      server: { port, host: present(env.HOST) },
      webDir: present(env.PAIL_WEB_DIR),
      upstreamTimeoutMs: DEFAULT_UPSTREAM_TIMEOUT_MS,
      trustProxy,
    },
  };
}

/** Reads `process.env` once; on any problem prints them all and exits. */
export function loadConfig(): Config {
  const result = parseConfig(process.env);
  if (result.ok) return result.config;
  console.error(
    `Pail BFF cannot start; fix the environment:\n${result.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}

/** A copy of `process.env`, for a tool that validates it with `parseConfig` and reports the problems itself. */
export function readEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}
