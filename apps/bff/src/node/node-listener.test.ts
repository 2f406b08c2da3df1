import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_API_TOKENS, createEmulator } from '@pail/bitbucket-emulator';
import { SESSION_COOKIE } from '@pail/shared';
import { createBff, type Bff } from '../app';
import { parseConfig } from '../env';
import { createMemoryStore } from '../session/memory-store';
import { createMemoryLogger, type MemoryLogger } from '../testing/memory-logger';
import { testKey } from '../testing/keys';
import { createNodeListener, takesFastPath } from './node-listener';

const EMULATOR_ORIGIN = 'http://localhost:8090';
const PUBLIC_URL = 'http://localhost:5173';
const ALICE = SEED_API_TOKENS.aliceRead;

interface Side {
  bff: Bff;
  logger: MemoryLogger;
  honoCalls: number;
  server: Server;
  port: number;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** A raw HTTP/1.1 request, so targets reach the server exactly as written (no client-side normalising). */
function send(
  port: number,
  target: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers as Record<string, string | string[]>,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** What must match between the two paths: everything but the per-request id, the date and the timings. */
function comparable(answer: Answer) {
  const headers = { ...answer.headers };
  delete headers['x-request-id'];
  delete headers.date;
  return { status: answer.status, headers, body: answer.body };
}

function comparableLogs(logger: MemoryLogger, from: { entries: number; requests: number }) {
  return {
    entries: logger.entries.slice(from.entries),
    requests: logger.requests.slice(from.requests).map((line) => ({
      ...line,
      props: { ...line.props, requestId: 'id', durationMs: 0, upstreamMs: 0 },
    })),
  };
}

describe('Node listener: the fast path answers exactly as the Hono app does', () => {
  const emulator = createEmulator({
    origin: EMULATOR_ORIGIN,
    callbackUrl: `${PUBLIC_URL}/bff/callback`,
    now: Date.now,
  });
  const store = createMemoryStore({ now: Date.now });
  /** The emulator, and a repository whose calls fail at the connection (a DNS failure is not retried). */
  const upstream: typeof fetch = (input, init) =>
    String(input).includes('/repositories/acme/unreachable')
      ? Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }))
      : emulator.fetch(input, init);
  const parsed = parseConfig({ NODE_ENV: 'test', PAIL_SESSION_KEYS: testKey(1) });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config = parsed.config;
  let hono: Side;
  let fast: Side;
  let cookie: string;
  /** A commit whose diff the emulator streams (no length declared), so the answer streams through both. */
  let hash: string;

  async function side(listen: (bff: Bff) => Promise<RequestListener>) {
    const logger = createMemoryLogger();
    // Two instances over one store: one session works on both, and each keeps its own caches in step.
    const bff = createBff({ config, store, fetch: upstream, now: Date.now, logger });
    const hand = bff.app.fetch;
    const result: Side = { bff, logger, honoCalls: 0, server: createServer(), port: 0 };
    // Counts what reaches the Hono app, to tell which requests the fast path answered itself.
    bff.app.fetch = (...args) => ((result.honoCalls += 1), hand(...args));
    result.server = createServer(await listen(bff));
    await new Promise<void>((resolve) => result.server.listen(0, '127.0.0.1', resolve));
    result.port = (result.server.address() as AddressInfo).port;
    return result;
  }

  beforeAll(async () => {
    hono = await side(async (bff) => getRequestListener(bff.app.fetch) as RequestListener);
    fast = await side((bff) => createNodeListener(bff));
    const signIn = await hono.bff.app.request('/bff/login/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf': '1', origin: PUBLIC_URL },
      body: JSON.stringify({ username: ALICE.email, token: ALICE.token }),
    });
    expect(signIn.status).toBe(200);
    const pair = signIn.headers
      .getSetCookie()
      .map((header) => header.split(';', 1)[0] ?? '')
      .find((value) => value.startsWith(`${SESSION_COOKIE}=`));
    if (pair === undefined) throw new Error('no session cookie');
    cookie = pair;
    const commits = await hono.bff.app.request(
      '/api/2.0/repositories/acme/widgets/commits?pagelen=1',
      {
        headers: { cookie, 'x-csrf': '1' },
      },
    );
    const [latest] = ((await commits.json()) as { values: Array<{ hash: string }> }).values;
    if (latest === undefined) throw new Error('no commit');
    hash = latest.hash;
  });

  afterAll(async () => {
    for (const { server } of [hono, fast]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  let etag = '"none"';
  const good = () => ({ cookie, 'x-csrf': '1' });
  type Init = () => { method?: string; headers?: Record<string, string> };
  const cases: Array<[string, string | (() => string), Init]> = [
    ['a proxied read', '/api/2.0/repositories/acme/widgets', () => ({ headers: good() })],
    [
      'the same read again (revalidated)',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: good() }),
    ],
    ['HEAD', '/api/2.0/repositories/acme/widgets', () => ({ method: 'HEAD', headers: good() })],
    [
      'a read with a query',
      '/api/2.0/repositories/acme?pagelen=5&sort=-updated_on',
      () => ({ headers: good() }),
    ],
    [
      'a streamed diff',
      () => `/api/2.0/repositories/acme/widgets/diff/${hash}`,
      () => ({ headers: good() }),
    ],
    [
      'a 404 from Bitbucket',
      '/api/2.0/repositories/acme/no-such-repo',
      () => ({ headers: good() }),
    ],
    [
      'a file (not JSON)',
      '/api/2.0/repositories/acme/widgets/src/main/README.md',
      () => ({ headers: good() }),
    ],
    ['no X-CSRF', '/api/2.0/repositories/acme/widgets', () => ({ headers: { cookie } })],
    [
      'a cross-site fetch',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { ...good(), 'sec-fetch-site': 'cross-site' } }),
    ],
    [
      'a foreign Origin',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { ...good(), origin: 'https://evil.example' } }),
    ],
    ['no cookie', '/api/2.0/repositories/acme/widgets', () => ({ headers: { 'x-csrf': '1' } })],
    [
      'a tampered cookie',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { 'x-csrf': '1', cookie: `${cookie.slice(0, -4)}AAAA` } }),
    ],
    [
      'HEAD without a cookie',
      '/api/2.0/repositories/acme/widgets',
      () => ({ method: 'HEAD', headers: { 'x-csrf': '1' } }),
    ],
    ['a path outside the allowlist', '/api/2.0/users/alice/ssh-keys', () => ({ headers: good() })],
    [
      'a write method',
      '/api/2.0/repositories/acme/widgets',
      () => ({ method: 'DELETE', headers: good() }),
    ],
    [
      'dot segments',
      '/api/2.0/repositories/acme/../../../bff/session',
      () => ({ headers: good() }),
    ],
    [
      'an encoded traversal',
      '/api/2.0/repositories/acme/widgets/src/main/%2e%2e/%2e%2e/x',
      () => ({ headers: good() }),
    ],
    ['an encoded slash', '/api/2.0/repositories/acme%2Fwidgets', () => ({ headers: good() })],
    ['a backslash', '/api/2.0/repositories/acme\\widgets', () => ({ headers: good() })],
    ['a double slash', '/api//2.0/repositories/acme/widgets', () => ({ headers: good() })],
    ['a fragment', '/api/2.0/repositories/acme/widgets#x', () => ({ headers: good() })],
    [
      'an encoded query',
      '/api/2.0/repositories/acme?q=name%20~%20%22widgets%22',
      () => ({ headers: good() }),
    ],
    [
      'a search, encoded as the app sends it',
      '/api/2.0/repositories/acme?q=name+~+%22wid%22&sort=-updated_on&pagelen=25',
      () => ({ headers: good() }),
    ],
    [
      'an encoded branch name in the query',
      '/api/2.0/repositories/acme/widgets/commits?include=feature%2Flogin&pagelen=5',
      () => ({ headers: good() }),
    ],
    [
      'an encoded space in a file path',
      '/api/2.0/repositories/acme/widgets/src/main/docs/getting%20started.md',
      () => ({ headers: good() }),
    ],
    [
      'UTF-8, percent-encoded',
      '/api/2.0/repositories/acme/widgets/src/main/caf%C3%A9.md',
      () => ({ headers: good() }),
    ],
    [
      'an encoded percent sign',
      '/api/2.0/repositories/acme/widgets/src/main/50%25.md',
      () => ({ headers: good() }),
    ],
    [
      'a malformed percent escape',
      '/api/2.0/repositories/acme/widgets/src/main/100%zz',
      () => ({ headers: good() }),
    ],
    [
      'a lone encoded dot, mixed case',
      '/api/2.0/repositories/acme/widgets/src/main/%2E%2e/x',
      () => ({ headers: good() }),
    ],
    ['an encoded prefix', '/%61pi/2.0/repositories/acme/widgets', () => ({ headers: good() })],
    [
      'raw quotes and braces in the query',
      '/api/2.0/repositories/acme?q="x"{}|^`',
      () => ({ headers: good() }),
    ],
    [
      'a URL over the bound',
      `/api/2.0/repositories/acme/${'a'.repeat(9000)}`,
      () => ({ headers: good() }),
    ],
    [
      'an encoded URL over the bound',
      `/api/2.0/repositories/acme/${'%61'.repeat(3000)}`,
      () => ({ headers: good() }),
    ],
    [
      'headers over the bound',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { ...good(), 'x-filler': 'f'.repeat(13_000) } }),
    ],
    [
      'cookies over the bound',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { ...good(), cookie: `${cookie}; other=${'c'.repeat(8200)}` } }),
    ],
    [
      'a conditional read',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { ...good(), 'if-none-match': etag } }),
    ],
    [
      'a well-formed request id',
      '/api/2.0/repositories/acme/widgets',
      () => ({ headers: { ...good(), 'x-request-id': 'trace-0123456789abcdef' } }),
    ],
    ['a bare /api', '/api', () => ({ headers: good() })],
    [
      'Bitbucket unreachable',
      '/api/2.0/repositories/acme/unreachable',
      () => ({ headers: good() }),
    ],
  ];
  /**
   * Odd targets (dot segments, plain or encoded), not a read, or not under `/api/` as received: these go to
   * the Hono app on the fast side too (a backslash goes to its adapter, which refuses it before the app).
   */
  const byHono = new Set([
    'a write method',
    'dot segments',
    'an encoded traversal',
    'a lone encoded dot, mixed case',
    'an encoded prefix',
    'a bare /api',
  ]);
  it.each(cases)('%s', async (name, target, init) => {
    const before = (side: Side) => ({
      entries: side.logger.entries.length,
      requests: side.logger.requests.length,
    });
    const marks = { hono: before(hono), fast: before(fast) };
    const options = init();
    const honoCallsBefore = fast.honoCalls;
    const path = typeof target === 'string' ? target : target();
    const expected = await send(hono.port, path, options);
    const actual = await send(fast.port, path, options);
    expect(comparable(actual)).toEqual(comparable(expected));
    expect(comparableLogs(fast.logger, marks.fast)).toEqual(
      comparableLogs(hono.logger, marks.hono),
    );
    expect(actual.headers['x-request-id'] === undefined).toBe(
      expected.headers['x-request-id'] === undefined,
    );
    // Requests the fast path does not take are exactly the ones it hands to the app, once.
    expect(fast.honoCalls - honoCallsBefore).toBe(byHono.has(name) ? 1 : 0);
    if (typeof expected.headers.etag === 'string') etag = expected.headers.etag;
  });

  it('answers any mix of encodings, odd characters and traversal as the Hono app does', async () => {
    // Pieces a target is built from: plain and percent-encoded names, separators, dots, escapes good and bad.
    const piece = fc.constantFrom(
      'acme',
      'widgets',
      'src',
      'main',
      'README.md',
      '/',
      '//',
      '.',
      '..',
      '%2e',
      '%2E%2e',
      '%2F',
      '%2f',
      '%20',
      '+',
      '%25',
      '%',
      '%zz',
      '%C3%A9',
      'é',
      '%00',
      '%0A',
      '~',
      '"',
      '{',
      '|',
      '^',
      '`',
      ';',
      '@',
      ':',
      '=',
      '&',
      '?',
      '#',
      '\\',
    );
    const target = fc
      .tuple(
        fc.constantFrom(
          '/api/2.0/repositories/',
          '/api/2.0/',
          '/api/',
          '/api/2.0/repositories/acme/widgets/src/main/',
        ),
        fc.array(piece, { minLength: 1, maxLength: 8 }),
      )
      // The request line carries visible ASCII; a client percent-encodes anything else.
      .map(([prefix, pieces]) =>
        (prefix + pieces.join('')).replace(/[^\x21-\x7e]/g, (char) => encodeURIComponent(char)),
      );
    await fc.assert(
      fc.asyncProperty(target, fc.constantFrom('GET', 'HEAD'), async (path, method) => {
        const options = { method, headers: good() };
        const before = { hono: hono.logger.requests.length, fast: fast.logger.requests.length };
        const expected = await send(hono.port, path, options);
        const actual = await send(fast.port, path, options);
        expect(comparable(actual), path).toEqual(comparable(expected));
        const lines = (side: Side, from: number) =>
          side.logger.requests.slice(from).map((line) => ({
            ...line,
            props: { ...line.props, requestId: 'id', durationMs: 0, upstreamMs: 0 },
          }));
        expect(lines(fast, before.fast), path).toEqual(lines(hono, before.hono));
      }),
      { numRuns: 150 },
    );
  });

  it('takes the fast path for GET and HEAD under /api/, encoded or not, and leaves odd targets to Hono', () => {
    const probe = (method: string, url: string, host = 'localhost:8080') =>
      takesFastPath({ method, url, headers: { host } } as never);
    expect(probe('GET', '/api/2.0/repositories/acme/widgets?pagelen=5')).toBe(true);
    expect(probe('HEAD', '/api/2.0/user')).toBe(true);
    expect(probe('GET', '/api/2.0/repositories/acme%2Fwidgets')).toBe(true);
    expect(probe('GET', '/api/2.0/repositories/acme?q=name%20~%20%22w%22')).toBe(true);
    expect(probe('POST', '/api/2.0/user')).toBe(false);
    expect(probe('GET', '/bff/session')).toBe(false);
    expect(probe('GET', '/%61pi/2.0/user')).toBe(false);
    expect(probe('GET', '/api%2F2.0/user')).toBe(false);
    expect(probe('GET', '/api/2.0/repositories/acme/../x')).toBe(false);
    expect(probe('GET', '/api/2.0/repositories/acme/%2e%2e/x')).toBe(false);
    expect(probe('GET', '/api/2.0/repositories/acme/.%2E/x')).toBe(false);
    expect(probe('GET', '/api/2.0/repositories/acme\\widgets')).toBe(false);
    expect(probe('GET', '/api/2.0/user', 'evil.example:80@x')).toBe(false);
  });
});
