import { configure, dispose, getLogger, jsonLinesFormatter, reset } from '@logtape/logtape';
import fc from 'fast-check';
import type { LogRecord } from '@logtape/logtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import { LOGIN_COOKIE, SESSION_COOKIE, type SessionList } from '@pail/shared';
import { hashId } from './crypto/random';
import {
  createBufferedSink,
  createLogtapeLogger,
  createSinkLogger,
  formatJsonLine,
} from './logger';
import { createHarness, type Harness } from './testing/bff-harness';
import { consent, finishLogin, signIn, startLogin } from './testing/browser';
import { CookieJar } from './testing/cookie-jar';
import { setCookies } from './testing/set-cookie';
import { captureJsonLines } from './testing/capture-json-lines';

afterEach(async () => {
  vi.useRealTimers();
  await reset();
});

function tokenLogin(h: Harness, username: string, token: string, jar = new CookieJar()) {
  return h.request('/bff/login/token', {
    method: 'POST',
    jar,
    csrf: true,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, token }),
  });
}

describe('the audit log', () => {
  it('records every security event of a full visit as JSON lines with no token, secret, cookie or raw id', async () => {
    const lines = await captureJsonLines();
    const h = createHarness({ alsoLogTo: createLogtapeLogger() });
    const apiTokens = Object.values(SEED_API_TOKENS).map((seed) => seed.token);

    // A cross-site attempt, then an OAuth sign-in with a browse and a refresh.
    expect((await h.request('/bff/logout', { method: 'POST' })).status).toBe(403);
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callback = await consent(h, authorizeUrl);
    const loginIds = [jar.get(LOGIN_COOKIE)];
    await finishLogin(h, jar, callback);
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
    h.clock.advance(7200 * 1000 - 30_000);
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);

    // Token sign-ins: wrong ones until the limit, then a good one.
    for (let i = 0; i < 6; i += 1)
      await tokenLogin(h, SEED_API_TOKENS.bobRead.email, `${SEED_API_TOKENS.bobRead.token}x`);
    h.clock.advance(61_000);
    const bob = new CookieJar();
    expect(
      (await tokenLogin(h, SEED_API_TOKENS.bobRead.email, SEED_API_TOKENS.bobRead.token, bob))
        .status,
    ).toBe(200);

    // A second alice session ended from the first; then a grant revoked at Bitbucket; then a logout.
    const { jar: other } = await signIn(h);
    const { sessions } = (await (
      await h.request('/bff/sessions', { jar, csrf: true })
    ).json()) as SessionList;
    const target = sessions.find((s) => !s.current)?.id ?? '';
    expect(
      (await h.request(`/bff/sessions/${target}`, { method: 'DELETE', jar, csrf: true })).status,
    ).toBe(204);
    const { jar: carol } = await signIn(h, { account: 'carol' });
    h.emulator.controls.revokeGrants('carol');
    expect((await h.request('/api/2.0/user', { jar: carol, csrf: true })).status).toBe(401);
    expect((await h.request('/bff/logout', { method: 'POST', jar, csrf: true })).status).toBe(204);
    expect((await h.request('/bff/logout', { method: 'POST', jar: bob, csrf: true })).status).toBe(
      204,
    );

    const events = lines.map(
      (line) => (JSON.parse(line) as { properties: { event: string } }).properties.event,
    );
    expect(events).toEqual(
      expect.arrayContaining([
        'csrf.rejected',
        'login.succeeded',
        'session.refreshed',
        'login.failed',
        'login.rate_limited',
        'session.revoked',
        'session.refresh_failed',
        'session.ended',
        'logout',
      ]),
    );
    const parsed = lines.map(
      (line) => JSON.parse(line) as { level: string; properties: Record<string, unknown> },
    );
    expect(
      parsed
        .filter((line) => line.properties.event === 'login.succeeded')
        .map((line) => line.properties.method),
    ).toEqual(['oauth', 'token', 'oauth', 'oauth']);
    expect(
      parsed.find((line) => line.properties.event === 'login.failed')?.properties,
    ).toMatchObject({
      method: 'token',
      code: 'invalid_credentials',
    });

    const cookieValues = h.responses
      .flatMap((response) =>
        response.headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value),
      )
      .map(
        (header) =>
          setCookies(new Response(null, { headers: { 'Set-Cookie': header } }))[0]?.value ?? '',
      )
      .filter((value) => value.length > 0);
    expect(cookieValues.length).toBeGreaterThanOrEqual(5);
    const forbidden = [
      ...h.secrets,
      ...apiTokens,
      ...cookieValues,
      ...loginIds.filter((id): id is string => id !== undefined),
      other.get(SESSION_COOKIE) ?? 'unset',
      authorizeUrl.searchParams.get('state') ?? 'unset',
      callback.searchParams.get('code') ?? 'unset',
      SEED_API_TOKENS.bobRead.email,
    ];
    // Store keys are hashes of the cookies: they must not appear either (a short hash of them may).
    const storeKeyHashes = await Promise.all(
      cookieValues.map(async (value) => (await hashId('session', value)).split(':')[1] ?? value),
    );
    expect(h.secrets.size).toBeGreaterThanOrEqual(6);
    const text = lines.join('\n');
    for (const value of [...forbidden, ...storeKeyHashes]) expect(text).not.toContain(value);
    expect(h.leakedSecrets()).toEqual([]);
  });
});

describe('createBufferedSink', () => {
  /** LogTape configured as `server.ts` does, writing through a buffered sink into `writes`. */
  async function buffered(options: { flushIntervalMs?: number; maxBufferedChars?: number } = {}) {
    const writes: string[] = [];
    await configure({
      reset: true,
      sinks: {
        buffered: createBufferedSink({
          formatter: jsonLinesFormatter,
          write: (text) => writes.push(text),
          ...options,
        }),
      },
      loggers: [
        { category: ['pail'], lowestLevel: 'info', sinks: ['buffered'] },
        { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: [] },
      ],
    });
    const events = (text: string) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { properties: { event: string } }).properties.event);
    return { writes, events, logger: createLogtapeLogger() };
  }

  it('writes the lines of an interval together, in order, in one write', async () => {
    vi.useFakeTimers();
    const { writes, events, logger } = await buffered({ flushIntervalMs: 100 });
    logger.info('first');
    logger.warn('second', { status: 502 });
    logger.info('third');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(1);
    expect(events(writes[0] ?? '')).toEqual(['first', 'second', 'third']);
    logger.info('fourth');
    vi.advanceTimersByTime(100);
    expect(writes.map(events)).toEqual([['first', 'second', 'third'], ['fourth']]);
  });

  it('writes at once when the buffer is full, and drops nothing', async () => {
    vi.useFakeTimers();
    const { writes, events, logger } = await buffered({ maxBufferedChars: 1000 });
    for (let i = 0; i < 50; i += 1) logger.info(`event.${i}`);
    expect(writes.length).toBeGreaterThan(1);
    vi.advanceTimersByTime(1000);
    expect(writes.flatMap(events)).toEqual(Array.from({ length: 50 }, (_, i) => `event.${i}`));
  });

  it('writes what is left when LogTape is disposed, as on shutdown', async () => {
    const { writes, events } = await buffered({ flushIntervalMs: 60_000 });
    getLogger(['pail', 'bff']).info('server.stopped', { event: 'server.stopped' });
    expect(writes).toEqual([]);
    await dispose();
    expect(writes.flatMap(events)).toEqual(['server.stopped']);
  });
});

describe('createSinkLogger', () => {
  it('writes the very lines LogTape writes for the same events, and drops what is below its level', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 1, 12, 0, 0) });
    const viaLogtape = await captureJsonLines();
    const logtape = createLogtapeLogger();
    const direct: string[] = [];
    const sinkLogger = createSinkLogger((record) => direct.push(jsonLinesFormatter(record)));
    const quiet: string[] = [];
    const warningsOnly = createSinkLogger((record) => quiet.push(jsonLinesFormatter(record)), {
      lowestLevel: 'warning',
    });
    for (const logger of [logtape, sinkLogger, warningsOnly]) {
      logger.info('request', {
        requestId: 'trace-0123456789abcdef',
        method: 'GET',
        path: '/api/2.0/repositories/acme/widgets',
        route: '/api/*',
        status: 200,
        durationMs: 4,
        upstreamMs: undefined,
      });
      logger.warn('csrf.rejected', { reason: 'missing_header', method: 'GET' });
      logger.error('internal_error', { error: 'TypeError', path: '/api/x' });
      // Event names are plain words: neither logger has placeholders to fill.
      logger.info('quoted "text" \u2028 and control characters\u0001');
    }
    expect(direct).toEqual(viaLogtape);
    expect(direct).toHaveLength(4);
    expect(quiet.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual([
      'WARN',
      'ERROR',
    ]);
  });
});

describe('formatJsonLine', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      '',
      'quoted "text"',
      'back\\slash',
      '\u2028\u2029',
      '\u007f\u0080\u009f\u00a0',
      '\ud800 lone',
      '{placeholder}',
    ),
  );
  const flat = fc.dictionary(
    fc.oneof(text, fc.constantFrom('toJSON', '__proto__', 'constructor', 'event')),
    fc.oneof(
      text,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
    ),
  );
  const record = (properties: Record<string, unknown>, message: readonly unknown[]) =>
    fc
      .record({
        category: fc.array(fc.oneof(text, fc.constantFrom('pail', 'bff')), {
          minLength: 1,
          maxLength: 3,
        }),
        level: fc.constantFrom('trace', 'debug', 'info', 'warning', 'error', 'fatal'),
        timestamp: fc.integer({ min: 0, max: Date.UTC(9999, 0, 1) }),
      })
      .map((base) => ({ ...base, message, rawMessage: '', properties }) as LogRecord);

  it("writes the very line LogTape's formatter writes for any plain message and flat properties", () => {
    fc.assert(
      fc.property(
        flat.chain((properties) => text.chain((message) => record(properties, [message]))),
        (given) => {
          expect(formatJsonLine(given)).toBe(jsonLinesFormatter(given));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves everything else to LogTape: errors, nested values, bigints, templates', () => {
    const error = new TypeError('boom', { cause: new Error('inner') });
    const cases: Array<[Record<string, unknown>, readonly unknown[]]> = [
      [{ error }, ['failed']],
      [{ nested: { a: [1, 2, { b: 'c' }] } }, ['nested']],
      [{ count: 12345678901234567890n }, ['big']],
      [{ when: new Date(0) }, ['dated']],
      [{}, ['user ', 'alice', ' signed in']],
      [{}, ['value ', 42, '']],
    ];
    for (const [properties, message] of cases) {
      const given = {
        category: ['pail', 'bff'],
        level: 'info',
        message,
        rawMessage: '',
        timestamp: Date.UTC(2026, 10, 29),
        properties,
      } as LogRecord;
      expect(formatJsonLine(given)).toBe(jsonLinesFormatter(given));
    }
  });
});
