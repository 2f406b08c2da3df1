import { describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import {
  MAX_BODY_BYTES,
  MAX_COOKIE_BYTES,
  MAX_HEADER_BYTES,
  MAX_URL_BYTES,
} from '../middleware/request-limits/request-limits';
import { DEFAULT_MAX_LOGIN_STARTS } from '../rate-limit/login-starts';
import { TOKEN_PATH, createHarness, type Harness, type UpstreamCall } from '../testing/bff-harness';
import { consent, finishLogin, signIn, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { REVOCATION_PATH, WITH_REVOCATION } from '../testing/revocation';
import { findSetCookie } from '../testing/set-cookie';

function storeKeys(h: Harness, namespace: string): string[] {
  return h.store
    .entries()
    .map(([key]) => key)
    .filter((key) => key.startsWith(`${namespace}:`));
}

/** A request body that counts how much of it the BFF pulled. */
function countingBody(totalBytes: number, chunkBytes = 1024) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= totalBytes) {
        controller.close();
        return;
      }
      counter.pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return { stream, counter };
}

/** An upstream that never answers, until the BFF gives up on it. */
function hang(call: UpstreamCall): Promise<Response> {
  return new Promise((_, reject) => {
    if (call.signal === undefined) return;
    call.signal.addEventListener('abort', () => reject(call.signal?.reason));
  });
}

/** Signs in through the emulator and expects Bitbucket's failure to end it: provider_error, no session. */
async function expectSignInFails(h: Harness): Promise<void> {
  const jar = new CookieJar();
  const { authorizeUrl } = await startLogin(h, jar);
  const response = await finishLogin(h, jar, await consent(h, authorizeUrl));
  expect(response.headers.get('Location')).toBe('/login?error=provider_error');
  expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
  expect(storeKeys(h, 'session')).toEqual([]);
}

function expectNoSideEffects(h: Harness, response: Response): void {
  expect(h.upstreamCalls).toHaveLength(0);
  expect(findSetCookie(response, LOGIN_COOKIE)).toBeUndefined();
  expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
  expect(h.store.entries()).toEqual([]);
}

describe('oversized requests are refused before anything reads them', () => {
  it.each([
    '/api/2.0/repositories/acme/widgets/src/main/',
    '/bff/login?returnTo=/',
    '/acme/widgets/raw/main/',
    '/bff/session?pad=',
  ])('answers 414 to a URL over the bound (%s…)', async (prefix) => {
    const h = createHarness();
    const path = `${prefix}${'x'.repeat(MAX_URL_BYTES)}`;
    const response = await h.request(path, { csrf: true });
    expect(response.status).toBe(414);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expectNoSideEffects(h, response);
  });

  it('still serves a long but reasonable path', async () => {
    const h = createHarness();
    const response = await h.request(`/bff/session?pad=${'x'.repeat(MAX_URL_BYTES - 64)}`, {
      csrf: true,
    });
    expect(response.status).toBe(401);
  });

  it('answers 431 to a Cookie header over the bound, and to headers over the total bound', async () => {
    const h = createHarness();
    const cookie = await h.request('/bff/session', {
      csrf: true,
      headers: { Cookie: `${SESSION_COOKIE}=${'A'.repeat(MAX_COOKIE_BYTES)}` },
    });
    expect(cookie.status).toBe(431);
    expect(await cookie.json()).toMatchObject({ error: { code: 'bad_request' } });
    expectNoSideEffects(h, cookie);

    const many: Record<string, string> = {};
    for (let i = 0; i * 1000 < MAX_HEADER_BYTES; i += 1) many[`X-Pad-${i}`] = 'p'.repeat(1000);
    const headers = await h.request('/api/2.0/user', { csrf: true, headers: many });
    expect(headers.status).toBe(431);
    expectNoSideEffects(h, headers);
  });

  it('reads no store record for an oversized session cookie within the bound, and answers 401', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const before = h.store.entries();
    const forged = new CookieJar();
    forged.set(SESSION_COOKIE, 'A'.repeat(4000));
    const response = await h.request('/bff/session', { jar: forged, csrf: true });
    expect(response.status).toBe(401);
    expect(h.store.entries()).toEqual(before);
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
  });

  it('answers 413 to a declared Content-Length over the bound without reading the body', async () => {
    const h = createHarness();
    const { stream, counter } = countingBody(MAX_BODY_BYTES * 64);
    const response = await h.app.request('/bff/login/token', {
      method: 'POST',
      headers: {
        'X-CSRF': '1',
        'Content-Type': 'application/json',
        'Content-Length': String(MAX_BODY_BYTES * 64),
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(counter.pulled).toBeLessThanOrEqual(1024);
    expect(h.upstreamCalls).toHaveLength(0);
  });

  it.each([
    ['/bff/logout', 'POST'],
    ['/bff/login/token', 'POST'],
    ['/bff/sessions', 'DELETE'],
    ['/api/2.0/user', 'PUT'],
  ])(
    'answers 413 to a streamed body over the bound on %s, having read no more than the bound',
    async (path, method) => {
      const h = createHarness();
      const { stream, counter } = countingBody(MAX_BODY_BYTES * 64);
      const response = await h.app.request(path, {
        method,
        headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(counter.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * 1024);
      expect(h.upstreamCalls).toHaveLength(0);
      expect(h.store.entries()).toEqual([]);
    },
  );
});

describe('sign-in starts are rate-limited per client address', () => {
  const from = (address: string) => ({ env: { incoming: { socket: { remoteAddress: address } } } });

  it(`allows ${DEFAULT_MAX_LOGIN_STARTS} starts a minute from one address, then answers 429 with Retry-After and writes nothing`, async () => {
    const h = createHarness();
    for (let i = 0; i < DEFAULT_MAX_LOGIN_STARTS; i += 1) {
      const response = await h.request('/bff/login', from('203.0.113.9'));
      expect(response.status).toBe(302);
    }
    const transactions = storeKeys(h, 'login').length;
    h.clock.advance(20_000);
    const refused = await h.request('/bff/login', from('203.0.113.9'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('40');
    expect(refused.headers.get('Location')).toBeNull();
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(findSetCookie(refused, LOGIN_COOKIE)).toBeUndefined();
    expect(storeKeys(h, 'login')).toHaveLength(transactions);
    expect(h.logger.events()).toContain('login.rate_limited');

    // Another client is not held back by this one, and this one may start again once the window ends.
    expect((await h.request('/bff/login', from('198.51.100.4'))).status).toBe(302);
    h.clock.advance(40_000);
    expect((await h.request('/bff/login', from('203.0.113.9'))).status).toBe(302);
  });

  it('counts an IPv6 client by its /64, and keeps its counters under hashed keys', async () => {
    const h = createHarness();
    for (let i = 0; i < DEFAULT_MAX_LOGIN_STARTS; i += 1) {
      await h.request('/bff/login', from(`2001:db8:1:2::${(i + 1).toString(16)}`));
    }
    expect((await h.request('/bff/login', from('2001:db8:1:2:ffff::1'))).status).toBe(429);
    expect((await h.request('/bff/login', from('2001:db8:1:3::1'))).status).toBe(302);
    const dump = JSON.stringify(h.store.entries());
    expect(dump).not.toContain('2001:db8');
    expect(storeKeys(h, 'login-starts').length).toBeGreaterThan(0);
  });

  it('ignores a spoofed X-Forwarded-For unless a proxy is trusted', async () => {
    const h = createHarness();
    for (let i = 0; i < DEFAULT_MAX_LOGIN_STARTS; i += 1) {
      await h.request('/bff/login', {
        ...from('203.0.113.9'),
        headers: { 'X-Forwarded-For': `198.51.100.${i}` },
      });
    }
    const spoofed = await h.request('/bff/login', {
      ...from('203.0.113.9'),
      headers: { 'X-Forwarded-For': '192.0.2.200' },
    });
    expect(spoofed.status).toBe(429);
  });
});

describe('every outbound call gives up after the upstream timeout', () => {
  it('ends a sign-in whose token endpoint hangs: provider_error, no session', async () => {
    const h = createHarness({
      upstreamTimeoutMs: 50,
      upstream: (call, forward) => (call.url.pathname === TOKEN_PATH ? hang(call) : forward()),
    });
    await expectSignInFails(h);
    expect(h.logger.entries.find((entry) => entry.event === 'login.failed')).toMatchObject({
      props: { reason: 'token_timeout' },
    });
  });

  it('ends a sign-in whose user lookup hangs: provider_error, no session', async () => {
    const h = createHarness({
      upstreamTimeoutMs: 50,
      upstream: (call, forward) => (call.url.pathname === '/2.0/user' ? hang(call) : forward()),
    });
    await expectSignInFails(h);
  });

  it('answers 504 to an API call whose refresh hangs, and keeps the session', async () => {
    let hanging = true;
    const h = createHarness({
      upstreamTimeoutMs: 50,
      upstream: (call, forward) =>
        call.url.pathname === TOKEN_PATH &&
        new URLSearchParams(call.body).get('grant_type') === 'refresh_token' &&
        hanging
          ? hang(call)
          : forward(),
    });
    const { jar } = await signIn(h);
    // Inside the refresh margin, before the idle timeout.
    h.clock.advance(7200 * 1000 - 30_000);
    const response = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
    hanging = false;
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
  });

  it('answers 504 to a token sign-in whose check hangs, and counts no failure', async () => {
    const h = createHarness({
      upstreamTimeoutMs: 50,
      upstream: (call, forward) => (call.url.pathname === '/2.0/user' ? hang(call) : forward()),
    });
    const response = await h.request('/bff/login/token', {
      method: 'POST',
      csrf: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'someone@example.com', token: 'ATATT-x' }),
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
    expect(storeKeys(h, 'login-attempts')).toEqual([]);
  });

  it('signs out even when the revocation endpoint hangs', async () => {
    const h = createHarness({
      ...WITH_REVOCATION,
      upstreamTimeoutMs: 50,
      upstream: (call, forward) => (call.url.pathname === REVOCATION_PATH ? hang(call) : forward()),
    });
    const { jar } = await signIn(h);
    const response = await h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    expect(response.status).toBe(204);
    expect(h.upstreamCalls.some((call) => call.url.pathname === REVOCATION_PATH)).toBe(true);
    expect(storeKeys(h, 'session')).toEqual([]);
    expect(h.logger.events()).toContain('session.revocation_failed');
  });
});

describe('outbound answers too large to be real are not read whole', () => {
  /** Bitbucket's real answer, padded to megabytes: usable if read whole, so only a bound refuses it. */
  async function padded(forward: () => Promise<Response>): Promise<Response> {
    const json = (await (await forward()).json()) as Record<string, unknown>;
    return Response.json({ ...json, padding: 'p'.repeat(2 * 1024 * 1024) });
  }

  it.each([
    ['the token endpoint', TOKEN_PATH],
    ['the user lookup', '/2.0/user'],
  ])('ends a sign-in when %s answers megabytes: provider_error, no session', async (_, path) => {
    const h = createHarness({
      upstream: (call, forward) => (call.url.pathname === path ? padded(forward) : forward()),
    });
    await expectSignInFails(h);
  });
});
