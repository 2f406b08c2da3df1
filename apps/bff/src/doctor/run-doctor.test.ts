// The doctor's checks against the in-process emulator: what an operator reads for each kind of mistake.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEV_CONSUMER,
  NO_CALLBACK_CONSUMER,
  PUBLIC_CONSUMER,
  createEmulator,
} from '@pail/bitbucket-emulator';
import { createMemoryStore } from '../session/memory-store';
import { openSessionStore } from '../session/open-store';
import type { CheckDeps } from './checks';
import { testKey } from '../testing/keys';
import { exitCodeFor, formatReport, type CheckResult } from './report';
import { runDoctor } from './run-doctor';

const BITBUCKET = 'https://bitbucket.emulator.test';
const PUBLIC_URL = 'https://pail.example.com';

/** A production deployment whose Bitbucket is the emulator, its consumer registered for `callbackUrl`. */
function deployment(
  options: {
    env?: Record<string, string>;
    callbackUrl?: string;
    fetch?: (
      url: URL,
      forward: () => Promise<Response>,
      init: RequestInit | undefined,
    ) => Promise<Response>;
  } = {},
) {
  const emulator = createEmulator({
    origin: BITBUCKET,
    callbackUrl: options.callbackUrl ?? `${PUBLIC_URL}/bff/callback`,
  });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PAIL_PUBLIC_URL: PUBLIC_URL,
    BITBUCKET_CLIENT_ID: DEV_CONSUMER.key,
    BITBUCKET_CLIENT_SECRET: DEV_CONSUMER.secret,
    BITBUCKET_AUTHORIZE_URL: `${BITBUCKET}/site/oauth2/authorize`,
    BITBUCKET_TOKEN_URL: `${BITBUCKET}/site/oauth2/access_token`,
    BITBUCKET_API_URL: BITBUCKET,
    PAIL_SESSION_KEYS: `${testKey(1)},${testKey(2)}`,
    ...options.env,
  };
  const requests: { url: URL; init: RequestInit | undefined }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push({ url, init });
    const forward = () =>
      url.origin === BITBUCKET ? emulator.fetch(input, init) : globalThis.fetch(input, init);
    return options.fetch ? options.fetch(url, forward, init) : forward();
  };
  return {
    emulator,
    requests,
    run: (overrides: Partial<Pick<CheckDeps, 'timeoutMs' | 'openStore' | 'sleep'>> = {}) => {
      // The store check waits out a TTL: for the default store, its clock moves instead.
      let now = Date.now();
      const store = createMemoryStore({ now: () => now });
      const moveClock = async (ms: number) => {
        now += ms;
      };
      return runDoctor(env, {
        fetch,
        timeoutMs: overrides.timeoutMs ?? 5_000,
        ...(overrides.openStore === undefined
          ? { openStore: () => store, sleep: moveClock }
          : { openStore: overrides.openStore }),
        ...(overrides.sleep === undefined ? {} : { sleep: overrides.sleep }),
      });
    },
  };
}

function find(results: CheckResult[], prefix: string): CheckResult {
  const found = results.find((result) => result.summary.startsWith(prefix));
  if (found === undefined) throw new Error(`no "${prefix}" line in:\n${formatReport('', results)}`);
  return found;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('a correctly configured deployment', () => {
  it('passes every check with a private consumer', async () => {
    const { results } = await deployment().run();
    expect(results.map((r) => [r.status, r.summary.split(': ')[0]])).toEqual([
      ['pass', 'configuration'],
      ['pass', `token endpoint ${BITBUCKET}/site/oauth2/access_token`],
      ['pass', 'client credentials'],
      ['pass', 'consumer permissions'],
      ['pass', `API ${BITBUCKET}/2.0/user`],
      ['pass', `redirect URI ${PUBLIC_URL}/bff/callback`],
      ['pass', 'https'],
      ['pass', 'session keys'],
      ['pass', 'session store (memory)'],
    ]);
    expect(find(results, 'API').summary).toContain('acts as the consumer\'s app user "Pail"');
    expect(find(results, 'session keys').summary).toContain('2 keys');
    expect(exitCodeFor(results)).toBe(0);
  });

  it('sends the client_credentials grant as RFC 6749 §4.4 says: Basic client auth and a form body', async () => {
    const d = deployment();
    await d.run();
    const grants = d.requests.filter(
      ({ url, init }) =>
        url.pathname === '/site/oauth2/access_token' &&
        new Headers(init?.headers).has('Authorization'),
    );
    expect(grants).toHaveLength(1);
    const [grant] = grants;
    const headers = new Headers(grant?.init?.headers);
    expect(grant?.init?.method).toBe('POST');
    expect(headers.get('Authorization')).toBe(
      `Basic ${btoa(`${DEV_CONSUMER.key}:${DEV_CONSUMER.secret}`)}`,
    );
    expect(headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(grant?.init?.body).toBe('grant_type=client_credentials');
    expect(grant?.url.search).toBe('');
    // Nothing the doctor sends follows a redirect, so credentials never reach an unconfigured host.
    expect(d.requests.every(({ init }) => init?.redirect === 'manual')).toBe(true);
  });
});

describe('mistakes the doctor explains', () => {
  it('a public consumer: sign-in works, but the secret cannot be proven', async () => {
    const { results } = await deployment({
      env: {
        BITBUCKET_CLIENT_ID: PUBLIC_CONSUMER.key,
        BITBUCKET_CLIENT_SECRET: PUBLIC_CONSUMER.secret,
      },
    }).run();
    const credentials = find(results, 'client credentials');
    expect(credentials.status).toBe('warn');
    expect(credentials.summary).toContain(
      'the consumer is not private: sign-in works, but this check cannot prove the secret',
    );
    expect(credentials.fix).toContain('This is a private consumer');
    // Without a token the API can still be shown reachable.
    expect(find(results, 'API').status).toBe('pass');
    expect(find(results, 'API').summary).toContain('HTTP 401 without a token');
    expect(exitCodeFor(results)).toBe(0);
  });

  it('a wrong secret: Bitbucket’s unauthorized_client, in words', async () => {
    const { results } = await deployment({
      env: { BITBUCKET_CLIENT_SECRET: 'not-the-secret-at-all' },
    }).run();
    const credentials = find(results, 'client credentials');
    expect(credentials.status).toBe('fail');
    expect(credentials.summary).toContain('wrong id or secret');
    expect(credentials.summary).toContain(
      'unauthorized_client: "Invalid OAuth client credentials"',
    );
    expect(credentials.summary).toContain('no… (21 characters)');
    expect(credentials.fix).toContain('BITBUCKET_CLIENT_SECRET');
    expect(exitCodeFor(results)).toBe(1);
  });

  it('an unreachable token URL: connection refused', async () => {
    const port = await closedPort();
    const tokenUrl = `http://127.0.0.1:${port}/site/oauth2/access_token`;
    const { results } = await deployment({
      env: { NODE_ENV: 'test', BITBUCKET_TOKEN_URL: tokenUrl },
    }).run();
    const token = find(results, 'token endpoint');
    expect(token.status).toBe('fail');
    expect(token.summary).toBe(
      `token endpoint ${tokenUrl}: unreachable — nothing is listening at 127.0.0.1:${port} (connection refused)`,
    );
    expect(token.fix).toContain('BITBUCKET_TOKEN_URL');
    expect(find(results, 'client credentials').status).toBe('skip');
    expect(exitCodeFor(results)).toBe(1);
  });

  it('an unreachable token URL: a host name that does not resolve', async () => {
    const { results } = await deployment({
      env: { BITBUCKET_TOKEN_URL: 'https://bitbucket.invalid/site/oauth2/access_token' },
      fetch: async (url, forward) => {
        if (url.hostname !== 'bitbucket.invalid') return forward();
        // What Node's fetch throws when DNS has no such name.
        const cause = Object.assign(new Error('getaddrinfo ENOTFOUND bitbucket.invalid'), {
          code: 'ENOTFOUND',
        });
        throw new TypeError('fetch failed', { cause });
      },
    }).run();
    const token = find(results, 'token endpoint');
    expect(token.summary).toContain('the host name bitbucket.invalid does not resolve');
    expect(token.fix).toContain("this machine's DNS");
  });

  it('an unreachable token URL: no answer in time', async () => {
    const { results } = await deployment({
      fetch: async (url, forward, init) => {
        if (url.pathname !== '/site/oauth2/access_token') return forward();
        // A server that accepts the connection and never answers: only the deadline ends the wait.
        return new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      },
    }).run({ timeoutMs: 50 });
    const token = find(results, 'token endpoint');
    expect(token.status).toBe('fail');
    expect(token.summary).toContain('no answer from bitbucket.emulator.test within 0.05 s');
  });

  it('a URL that is not a token endpoint', async () => {
    const { results } = await deployment({
      fetch: async (url, forward) =>
        url.pathname === '/site/oauth2/access_token'
          ? new Response('<html>Welcome</html>', { headers: { 'Content-Type': 'text/html' } })
          : forward(),
    }).run();
    const token = find(results, 'token endpoint');
    expect(token.status).toBe('fail');
    expect(token.summary).toContain('not like an OAuth 2.0 token endpoint');
  });

  it("a redirect URI the consumer's callback does not prefix", async () => {
    const { results } = await deployment({
      callbackUrl: 'https://old-pail.example.com/bff/callback',
    }).run();
    const redirect = find(results, 'redirect URI');
    expect(redirect.status).toBe('fail');
    expect(redirect.summary).toContain(`${PUBLIC_URL}/bff/callback`);
    expect(redirect.summary).toContain("the consumer's callback URL is not a prefix of it");
    expect(redirect.fix).toContain(
      'Bitbucket requires the registered callback to prefix the redirect_uri',
    );
    expect(exitCodeFor(results)).toBe(1);
  });

  it('a consumer with no callback URL at all', async () => {
    const { results } = await deployment({
      env: {
        BITBUCKET_CLIENT_ID: NO_CALLBACK_CONSUMER.key,
        BITBUCKET_CLIENT_SECRET: NO_CALLBACK_CONSUMER.secret,
      },
    }).run();
    const redirect = find(results, 'redirect URI');
    expect(redirect.status).toBe('fail');
    expect(redirect.summary).toContain('has no callback URL');
  });

  it('a consumer without the permissions Pail reads with', async () => {
    const { results } = await deployment({
      fetch: async (url, forward) => {
        const response = await forward();
        if (url.pathname !== '/site/oauth2/access_token' || response.status !== 200) {
          return response;
        }
        const body = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...body, scope: 'account repository:write' });
      },
    }).run();
    const permissions = find(results, 'consumer permissions');
    expect(permissions.status).toBe('fail');
    expect(permissions.summary).toContain('lacks pullrequest');
    expect(permissions.fix).toContain('Pull requests: Read');
  });

  it("the API's 403 for a consumer without the account scope", async () => {
    const { results } = await deployment({
      fetch: async (url, forward) =>
        url.pathname === '/2.0/user'
          ? Response.json(
              {
                type: 'error',
                error: {
                  message: 'Your credentials lack one or more required privilege scopes.',
                  detail: { required: ['account'], granted: ['repository'] },
                },
              },
              { status: 403 },
            )
          : forward(),
    }).run();
    const api = find(results, 'API');
    expect(api.status).toBe('fail');
    expect(api.summary).toContain('HTTP 403 — the consumer lacks the account scope');
    expect(api.fix).toContain('Account: Read');
  });

  it('http outside localhost: the Secure session cookie would never stick', async () => {
    const { results } = await deployment({
      env: { NODE_ENV: 'test', PAIL_PUBLIC_URL: 'http://pail.example.com' },
      callbackUrl: 'http://pail.example.com/bff/callback',
    }).run();
    const https = find(results, 'https');
    expect(https.status).toBe('fail');
    expect(https.summary).toContain('browsers drop the Secure session cookie');
  });

  it('a session store that does not answer', async () => {
    const { results } = await deployment().run({
      timeoutMs: 50,
      openStore: () => ({
        ...createMemoryStore(),
        ping: () => new Promise<void>(() => undefined),
      }),
    });
    const store = find(results, 'session store');
    expect(store.status).toBe('fail');
    expect(store.summary).toContain('no answer to ping within 0.05 s');
  });

  it('lists every configuration problem and checks nothing else', async () => {
    const d = deployment({
      env: {
        PAIL_SESSION_KEYS: 'short',
        PORT: 'eighty',
        PAIL_PUBLIC_URL: 'http://pail.example.com',
      },
    });
    const { results } = await d.run();
    expect(results).toHaveLength(1);
    const [configuration] = results;
    expect(configuration?.status).toBe('fail');
    expect(configuration?.details).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PAIL_SESSION_KEYS entry 1'),
        expect.stringContaining('PORT must be a whole number'),
        expect.stringContaining('PAIL_PUBLIC_URL must use https in production'),
      ]),
    );
    expect(d.requests).toEqual([]);
  });
});

describe('the session store check', () => {
  const realStore: CheckDeps['openStore'] = (config) => openSessionStore(config.session.store);

  it('passes a SQLite file it can write, expire and lock, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pail-doctor-'));
    try {
      const path = join(dir, 'sessions.db');
      const { results } = await deployment({ env: { PAIL_SESSION_STORE: `sqlite:${path}` } }).run({
        openStore: realStore,
      });
      const store = find(results, 'session store');
      expect(store).toEqual({
        status: 'pass',
        summary: `session store (sqlite:${path}): reachable, keeps and expires records, and its lock holds across connections`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails a SQLite path it cannot open, saying why', async () => {
    const { results } = await deployment({
      env: { PAIL_SESSION_STORE: 'sqlite:/nonexistent-pail-dir/sessions.db' },
    }).run({ openStore: realStore });
    const store = find(results, 'session store');
    expect(store.status).toBe('fail');
    expect(store.summary).toContain(
      'session store (sqlite:/nonexistent-pail-dir/sessions.db): cannot be opened (cannot open the SQLite session store at /nonexistent-pail-dir/sessions.db',
    );
    expect(store.fix).toContain('the directory must exist and be writable');
  });

  it('fails a Redis nobody answers at, without printing its password', async () => {
    const port = await closedPort();
    const { results } = await deployment({
      env: { PAIL_SESSION_STORE: `redis://:hunter2@127.0.0.1:${port}/0` },
    }).run({ openStore: realStore });
    const store = find(results, 'session store');
    expect(store).toMatchObject({
      status: 'fail',
      summary: `session store (redis://127.0.0.1:${port}/0): does not answer ping`,
    });
    expect(store.fix).toContain('Redis (6.2 or newer) is running');
    expect(formatReport('', results)).not.toContain('hunter2');
  });

  it('fails a store whose lock lets a second client in', async () => {
    // Each "client" is a separate in-process store: their locks know nothing of each other.
    let now = Date.now();
    const { results } = await deployment({
      env: { PAIL_SESSION_STORE: 'redis://127.0.0.1:1/0' },
    }).run({
      openStore: () => createMemoryStore({ now: () => now }),
      sleep: async (ms) => {
        now += ms;
      },
    });
    expect(find(results, 'session store')).toMatchObject({
      status: 'fail',
      summary:
        'session store (redis://127.0.0.1:1/0): its lock let a second client in while held, so refreshes could race',
    });
  });

  it('fails a store that keeps records past their TTL', async () => {
    const frozen = createMemoryStore({ now: () => 0 });
    const { results } = await deployment().run({ openStore: () => frozen, sleep: async () => {} });
    expect(find(results, 'session store')).toMatchObject({
      status: 'fail',
      summary:
        'session store (memory): a record outlives its TTL, so abandoned sign-ins would pile up',
    });
  });
});
