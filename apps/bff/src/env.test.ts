import { describe, expect, it } from 'vitest';
import { BITBUCKET_DEFAULTS, parseConfig } from './env';
import { testKey } from './testing/keys';

const PRODUCTION = {
  NODE_ENV: 'production',
  PAIL_PUBLIC_URL: 'https://pail.example.com',
  BITBUCKET_CLIENT_ID: 'consumer-key',
  BITBUCKET_CLIENT_SECRET: 'consumer-secret',
  PAIL_SESSION_KEYS: testKey(1),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  const result = parseConfig(env);
  return result.ok ? [] : result.problems;
}

describe('parseConfig', () => {
  it('runs against the emulator with generated keys when nothing is configured outside production', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.production).toBe(false);
    expect(config.publicUrl).toBe('http://localhost:5173');
    expect(config.redirectUri).toBe('http://localhost:5173/bff/callback');
    expect(config.bitbucket).toEqual({
      mode: 'emulator',
      clientId: 'pail-dev',
      clientSecret: 'pail-dev-secret',
      authorizeUrl: 'http://localhost:8090/site/oauth2/authorize',
      tokenUrl: 'http://localhost:8090/site/oauth2/access_token',
      apiOrigin: 'http://localhost:8090',
      revocationUrl: undefined,
    });
    expect(config.session.keysGenerated).toBe(true);
    expect(config.session.keys).toHaveLength(1);
    expect(config.session.keys[0]).toHaveLength(32);
    expect(config.session.store).toEqual({ kind: 'memory', display: 'memory' });
    expect(config.session.idleSeconds).toBe(120 * 60);
    expect(config.session.absoluteSeconds).toBe(7 * 24 * 3600);
    expect(config.server).toEqual({ port: 8080, host: undefined });
  });

  it('generates a different key each time it has to', () => {
    const a = parseConfig({});
    const b = parseConfig({});
    if (!a.ok || !b.ok) throw new Error('expected valid configs');
    expect(a.config.session.keys[0]).not.toEqual(b.config.session.keys[0]);
  });

  it('follows PAIL_EMULATOR_URL in dev mode', () => {
    const result = parseConfig({ PAIL_EMULATOR_URL: 'http://127.0.0.1:9999' });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.config.bitbucket.tokenUrl).toBe('http://127.0.0.1:9999/site/oauth2/access_token');
    expect(result.config.bitbucket.apiOrigin).toBe('http://127.0.0.1:9999');
  });

  it("uses bitbucket.org's endpoints once a consumer is configured", () => {
    const result = parseConfig({ BITBUCKET_CLIENT_ID: 'id', BITBUCKET_CLIENT_SECRET: 'secret' });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.config.bitbucket).toMatchObject({
      mode: 'bitbucket',
      clientId: 'id',
      clientSecret: 'secret',
      authorizeUrl: BITBUCKET_DEFAULTS.authorizeUrl,
      tokenUrl: BITBUCKET_DEFAULTS.tokenUrl,
      apiOrigin: BITBUCKET_DEFAULTS.apiUrl,
    });
  });

  it('accepts a complete production configuration', () => {
    const result = parseConfig({
      ...PRODUCTION,
      PAIL_SESSION_KEYS: `${testKey(2)}, ${Buffer.from(Buffer.from(testKey(1), 'base64url')).toString('base64')}`,
      BITBUCKET_REVOCATION_URL: 'https://auth.example.com/revoke',
      PAIL_SESSION_IDLE_MINUTES: '30',
      PAIL_SESSION_ABSOLUTE_HOURS: '12',
      PORT: '3000',
      HOST: '127.0.0.1',
    });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.config.production).toBe(true);
    expect(result.config.redirectUri).toBe('https://pail.example.com/bff/callback');
    expect(result.config.session.keys).toHaveLength(2);
    expect(result.config.session.keysGenerated).toBe(false);
    expect(result.config.session.idleSeconds).toBe(1800);
    expect(result.config.session.absoluteSeconds).toBe(12 * 3600);
    expect(result.config.bitbucket.revocationUrl).toBe('https://auth.example.com/revoke');
    expect(result.config.server).toEqual({ port: 3000, host: '127.0.0.1' });
  });

  it('lists every problem at once, in plain words', () => {
    const problems = problemsOf({
      BITBUCKET_CLIENT_ID: 'id',
      BITBUCKET_TOKEN_URL: 'not a url',
      BITBUCKET_API_URL: 'https://api.example.com/2.0',
      PAIL_SESSION_KEYS: 'c2hvcnQ,!!!',
      PAIL_SESSION_STORE: 'redis://:hunter2@cache:6379/db?tls=yes',
      PAIL_SESSION_IDLE_MINUTES: 'ten',
      PORT: '70000',
    });
    expect(problems).toEqual([
      'BITBUCKET_CLIENT_SECRET is required when BITBUCKET_CLIENT_ID is set',
      'BITBUCKET_TOKEN_URL is not a valid URL: "not a url"',
      'BITBUCKET_API_URL must be an origin without a path (like https://example.com), got path /2.0',
      'PAIL_SESSION_KEYS entry 1 must decode to 32 bytes, not 5',
      'PAIL_SESSION_KEYS entry 2 is not base64 or base64url',
      'PAIL_SESSION_STORE redis://cache:6379/db: the path must be a database number (like /0), got "/db"',
      'PAIL_SESSION_STORE redis://cache:6379/db: the only query parameter understood is prefix, not tls',
      'PAIL_SESSION_IDLE_MINUTES must be a whole number from 1 to 129600, got "ten"',
      'PORT must be a whole number from 1 to 65535, got "70000"',
    ]);
    // The store URL's password is never echoed.
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('requires a consumer, keys, a public URL and https everywhere in production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        BITBUCKET_AUTHORIZE_URL: 'http://bitbucket.example.com/authorize',
      }),
    ).toEqual([
      'PAIL_PUBLIC_URL is required in production (the https origin users load)',
      'PAIL_PUBLIC_URL must use https in production: "http://localhost:5173"',
      'BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are required in production',
      'BITBUCKET_AUTHORIZE_URL must use https in production: "http://bitbucket.example.com/authorize"',
      'PAIL_SESSION_KEYS is required in production (comma-separated base64 32-byte keys, newest first; make one with `openssl rand -base64 32`)',
    ]);
  });

  it('refuses an http public URL or API URL in production', () => {
    expect(
      problemsOf({
        ...PRODUCTION,
        PAIL_PUBLIC_URL: 'http://pail.example.com',
        BITBUCKET_API_URL: 'http://api.example.com',
      }),
    ).toEqual([
      'PAIL_PUBLIC_URL must use https in production: "http://pail.example.com"',
      'BITBUCKET_API_URL must use https in production: "http://api.example.com"',
    ]);
  });

  it('refuses http for the token and revocation endpoints in production too', () => {
    expect(
      problemsOf({
        ...PRODUCTION,
        BITBUCKET_TOKEN_URL: 'http://bitbucket.example.com/token',
        BITBUCKET_REVOCATION_URL: 'http://bitbucket.example.com/revoke',
      }),
    ).toEqual([
      'BITBUCKET_TOKEN_URL must use https in production: "http://bitbucket.example.com/token"',
      'BITBUCKET_REVOCATION_URL must use https in production: "http://bitbucket.example.com/revoke"',
    ]);
  });

  it('keeps the absolute timeout within the life of an unused refresh token (90 days)', () => {
    expect(problemsOf({ ...PRODUCTION, PAIL_SESSION_ABSOLUTE_HOURS: '2160' })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, PAIL_SESSION_ABSOLUTE_HOURS: '2161' })).toEqual([
      'PAIL_SESSION_ABSOLUTE_HOURS must be a whole number from 1 to 2160, got "2161" (a session cannot outlive its refresh token, which Bitbucket ends after three months unused)',
    ]);
  });

  it.each([
    [undefined, 0],
    ['false', 0],
    ['0', 0],
    ['true', 1],
    ['TRUE', 1],
    ['2', 2],
  ])('reads PAIL_TRUST_PROXY=%j as %i trusted proxies', (value, expected) => {
    const result = parseConfig({ ...PRODUCTION, PAIL_TRUST_PROXY: value });
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.config.trustProxy).toBe(expected);
  });

  it.each(['yes', '-1', '11', '1.5'])('refuses PAIL_TRUST_PROXY=%j', (value) => {
    expect(problemsOf({ ...PRODUCTION, PAIL_TRUST_PROXY: value })).toEqual([
      `PAIL_TRUST_PROXY must be true, false or the number of proxies in front of Pail (0 to 10), got ${JSON.stringify(value)}`,
    ]);
  });

  it('refuses a public URL with a path, credentials or query (the cookies are Path=/)', () => {
    expect(problemsOf({ PAIL_PUBLIC_URL: 'https://u:p@pail.example.com/app?x=1' })).toEqual([
      'PAIL_PUBLIC_URL must not contain a user name or password',
      'PAIL_PUBLIC_URL must not have a query string or fragment',
      'PAIL_PUBLIC_URL must be an origin without a path (like https://example.com), got path /app',
    ]);
  });

  it('never echoes a session key, even a malformed one', () => {
    const secretish = 'dGhpcy1pcy1hLXNlY3JldC1rZXktb2YtdGhlLXdyb25nLWxlbmd0aA';
    expect(problemsOf({ PAIL_SESSION_KEYS: secretish }).join('\n')).not.toContain(secretish);
  });

  it('refuses Bitbucket URLs without a consumer rather than silently using the emulator', () => {
    expect(problemsOf({ BITBUCKET_API_URL: 'https://api.bitbucket.org' })).toEqual([
      'BITBUCKET_API_URL is set but BITBUCKET_CLIENT_ID is not: set the consumer too, or unset BITBUCKET_API_URL to use the emulator',
    ]);
  });

  it('keeps the idle timeout within the absolute one', () => {
    expect(
      problemsOf({ PAIL_SESSION_IDLE_MINUTES: '600', PAIL_SESSION_ABSOLUTE_HOURS: '2' }),
    ).toEqual([
      'PAIL_SESSION_IDLE_MINUTES (600) must not exceed PAIL_SESSION_ABSOLUTE_HOURS (2) in minutes',
    ]);
  });

  it('treats empty variables as unset', () => {
    const result = parseConfig({ BITBUCKET_CLIENT_ID: '', BITBUCKET_CLIENT_SECRET: '', PORT: '' });
    expect(result.ok && result.config.bitbucket.mode).toBe('emulator');
  });
});

describe('PAIL_SESSION_STORE', () => {
  function storeOf(value: string) {
    const result = parseConfig({ PAIL_SESSION_STORE: value });
    if (!result.ok) throw new Error(result.problems.join('; '));
    return result.config.session.store;
  }

  it('reads a SQLite file path', () => {
    expect(storeOf('sqlite:./data/pail.db')).toEqual({
      kind: 'sqlite',
      path: './data/pail.db',
      display: 'sqlite:./data/pail.db',
    });
    expect(storeOf('sqlite:/var/lib/pail/sessions.db')).toMatchObject({
      path: '/var/lib/pail/sessions.db',
    });
  });

  it('reads a Redis URL, keeping its password out of the name it is shown by', () => {
    const store = storeOf('redis://pail:s%3Acret@cache.internal:6380/2?prefix=staging:pail:');
    expect(store).toEqual({
      kind: 'redis',
      host: 'cache.internal',
      port: 6380,
      username: 'pail',
      password: 's:cret',
      db: 2,
      tls: false,
      keyPrefix: 'staging:pail:',
      display: 'redis://cache.internal:6380/2?prefix=staging:pail:',
    });
    expect(storeOf('rediss://:hunter2@[::1]')).toEqual({
      kind: 'redis',
      host: '::1',
      port: 6379,
      username: undefined,
      password: 'hunter2',
      db: 0,
      tls: true,
      keyPrefix: 'pail:',
      display: 'rediss://[::1]',
    });
  });

  it('names every problem without echoing a password', () => {
    const problems = [
      'sqlite:',
      'sqlite::memory:',
      'postgres://admin:hunter2@db/pail',
      'redis://:hunter2@',
      'redis://:hunter2@cache/0?prefix=a%20b',
      'redis://:hunter2@cache/0#x',
      'hunter2 is my redis',
    ].flatMap((value) => problemsOf({ PAIL_SESSION_STORE: value }));
    expect(problems).toEqual([
      'PAIL_SESSION_STORE "sqlite:" needs the path of a database file, like sqlite:./data/pail.db (for sessions in memory, use "memory")',
      'PAIL_SESSION_STORE "sqlite::memory:" needs the path of a database file, like sqlite:./data/pail.db (for sessions in memory, use "memory")',
      'PAIL_SESSION_STORE "postgres:" is not a session store Pail knows; use memory, sqlite:<path to a file> or redis://[user:password@]host[:port][/db][?prefix=…] (rediss:// for TLS)',
      'PAIL_SESSION_STORE is not a valid redis:// URL; the forms are memory, sqlite:<path to a file> or redis://[user:password@]host[:port][/db][?prefix=…] (rediss:// for TLS)',
      'PAIL_SESSION_STORE redis://cache/0: prefix must be 1 to 64 letters, digits or _ : . -, got "a b"',
      'PAIL_SESSION_STORE redis://cache/0 must not have a fragment',
      'PAIL_SESSION_STORE "this value" is not a session store Pail knows; use memory, sqlite:<path to a file> or redis://[user:password@]host[:port][/db][?prefix=…] (rediss:// for TLS)',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
