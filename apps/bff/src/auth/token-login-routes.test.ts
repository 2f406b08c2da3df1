import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { READ_SCOPES, SEED_API_TOKENS, SEED_APP_PASSWORDS } from '@pail/bitbucket-emulator';
import { SESSION_COOKIE, SessionInfoSchema, type SessionInfo } from '@pail/shared';
import { createHarness, type Harness, type HarnessOptions } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { findSetCookie } from '../testing/set-cookie';

const ALICE = SEED_API_TOKENS.aliceRead;

function harness(options: HarnessOptions = {}): Harness {
  const h = createHarness(options);
  for (const seed of Object.values(SEED_API_TOKENS)) h.secrets.add(seed.token);
  h.secrets.add(SEED_APP_PASSWORDS.alice.password);
  return h;
}

interface TokenLoginOptions {
  jar?: CookieJar;
  headers?: Record<string, string>;
  csrf?: boolean;
  body?: string;
  address?: string;
}

type TokenLogin = { username: string; token: string };

function tokenLogin(
  h: Harness,
  credentials: TokenLogin,
  options: TokenLoginOptions = {},
): Promise<Response> {
  return h.request('/bff/login/token', {
    method: 'POST',
    jar: options.jar ?? new CookieJar(),
    csrf: options.csrf ?? true,
    headers: { 'Content-Type': 'application/json', ...options.headers },
    body: options.body ?? JSON.stringify(credentials),
    ...(options.address
      ? { env: { incoming: { socket: { remoteAddress: options.address } } } }
      : {}),
  });
}

function basicCalls(h: Harness) {
  return h.upstreamCalls.filter((call) => call.headers.get('Authorization')?.startsWith('Basic '));
}

describe('POST /bff/login/token', () => {
  it('signs in with an email and API token: a new session with the granted scopes, never the token', async () => {
    const h = harness();
    const jar = new CookieJar();
    const response = await tokenLogin(
      h,
      { username: ALICE.email, token: ALICE.token },
      {
        jar,
        headers: {
          'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = (await response.json()) as SessionInfo;
    expect(v.is(SessionInfoSchema, body)).toBe(true);
    expect(body).toMatchObject({
      authMethod: 'token',
      user: { nickname: 'alice', displayName: 'Alice Marchetti' },
      expiresAt: new Date(h.clock.now() + 7 * 24 * 3600 * 1000).toISOString(),
    });
    expect([...body.scopes].sort()).toEqual([...READ_SCOPES].sort());

    const cookie = findSetCookie(response, SESSION_COOKIE);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toMatchObject({
      httponly: true,
      secure: true,
      samesite: 'Strict',
      path: '/',
    });

    // The pair was checked once against /2.0/user, as HTTP Basic.
    const [check] = basicCalls(h);
    expect(basicCalls(h)).toHaveLength(1);
    expect(check?.url.pathname).toBe('/2.0/user');
    expect(
      Buffer.from(check?.headers.get('Authorization')?.slice(6) ?? '', 'base64').toString(),
    ).toBe(`${ALICE.email}:${ALICE.token}`);

    const session = await h.request('/bff/session', { jar, csrf: true });
    expect(await session.json()).toEqual(body);
    const user = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(user.status).toBe(200);
    expect(basicCalls(h)).toHaveLength(2);

    // Nothing sealed in the store names the token, and nothing the browser or the logs saw does either.
    expect(JSON.stringify(h.store.entries())).not.toContain(ALICE.token);
    expect(h.leakedSecrets()).toEqual([]);
    expect(
      h.logger.entries.find((entry) => entry.event === 'login.succeeded')?.props,
    ).toMatchObject({
      method: 'token',
      user: '{4f3a9c2e-8b1d-4e6f-a2c7-1d9e5b3f7a01}',
    });
  });

  it('ends the session the browser held before and issues a new id (anti-fixation)', async () => {
    const h = harness();
    const { jar } = await signIn(h, { account: 'bob' });
    const planted = jar.clone();
    const response = await tokenLogin(h, { username: ALICE.email, token: ALICE.token }, { jar });
    expect(response.status).toBe(200);
    expect(jar.get(SESSION_COOKIE)).not.toBe(planted.get(SESSION_COOKIE));
    expect((await h.request('/bff/session', { jar: planted, csrf: true })).status).toBe(401);
    const info = (await (
      await h.request('/bff/session', { jar, csrf: true })
    ).json()) as SessionInfo;
    expect(info).toMatchObject({ authMethod: 'token', user: { nickname: 'alice' } });
  });

  it('answers invalid_credentials to a wrong token, and makes no session', async () => {
    const h = harness();
    const jar = new CookieJar();
    const response = await tokenLogin(h, { username: ALICE.email, token: 'ATATT-wrong' }, { jar });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
    expect(h.logger.entries.at(-1)).toMatchObject({
      event: 'login.failed',
      props: { method: 'token', code: 'invalid_credentials', status: 401 },
    });
    expect(JSON.stringify(h.logger.entries)).not.toContain(ALICE.email);
  });

  it.each([
    ['an expired API token', SEED_API_TOKENS.aliceExpired.token],
    ['an API token without scopes', SEED_API_TOKENS.aliceUnscoped.token],
  ])('refuses %s', async (_, token) => {
    const h = harness();
    const response = await tokenLogin(h, { username: ALICE.email, token });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('tells someone with a username and app password that app passwords are gone, pointing to API tokens', async () => {
    const h = harness();
    const response = await tokenLogin(h, {
      username: SEED_APP_PASSWORDS.alice.nickname,
      token: SEED_APP_PASSWORDS.alice.password,
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('app_password_removed');
    expect(body.error.message).toMatch(/API token/);
    expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
  });

  it('still signs in with an app password where Bitbucket accepts them', async () => {
    const h = harness({ emulator: { appPasswords: 'accepted' } });
    const response = await tokenLogin(h, {
      username: SEED_APP_PASSWORDS.alice.nickname,
      token: SEED_APP_PASSWORDS.alice.password,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as SessionInfo).scopes).toEqual(
      expect.arrayContaining(['account', 'repository']),
    );
  });

  it('refuses a repository, project or workspace access token (403 on /2.0/user) with a plain reason', async () => {
    const h = harness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/user'
          ? Response.json({ type: 'error', error: { message: 'Forbidden' } }, { status: 403 })
          : forward(),
    });
    const response = await tokenLogin(h, {
      username: ALICE.email,
      token: 'ATCTT-repository-token',
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(body.error.message).toMatch(/access tokens cannot sign in/);
  });

  it('keeps the scopes empty when Bitbucket does not report them', async () => {
    const h = harness({
      upstream: async (call, forward) => {
        const response = await forward();
        if (call.url.pathname !== '/2.0/user') return response;
        const headers = new Headers(response.headers);
        headers.delete('X-OAuth-Scopes');
        return new Response(response.body, { status: response.status, headers });
      },
    });
    const response = await tokenLogin(h, { username: ALICE.email, token: ALICE.token });
    expect(response.status).toBe(200);
    expect(((await response.json()) as SessionInfo).scopes).toEqual([]);
  });

  it.each([
    ['502 when Bitbucket fails', 500, 'upstream_unavailable', 502],
    ['429 when Bitbucket is rate limiting', 429, 'rate_limited', 429],
  ])('answers %s, without counting a wrong try', async (_, status, code, expected) => {
    const h = harness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/user'
          ? new Response('{"type":"error"}', { status, headers: { 'Retry-After': '30' } })
          : forward(),
    });
    const response = await tokenLogin(h, { username: ALICE.email, token: ALICE.token });
    expect(response.status).toBe(expected);
    expect(await response.json()).toMatchObject({ error: { code } });
    if (status === 429) expect(response.headers.get('Retry-After')).toBe('30');
    expect(h.store.entries().filter(([key]) => key.startsWith('login-attempts:'))).toEqual([]);
  });

  describe('bad requests change nothing and reach no one', () => {
    it.each([
      ['no X-CSRF header', { csrf: false }, 403, 'csrf_required'],
      ['a foreign Origin', { headers: { Origin: 'https://evil.test' } }, 403, 'csrf_required'],
      ['a cross-site fetch', { headers: { 'Sec-Fetch-Site': 'cross-site' } }, 403, 'csrf_required'],
      [
        'a form post',
        { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
        415,
        'bad_request',
      ],
      ['text/plain', { headers: { 'Content-Type': 'text/plain' } }, 415, 'bad_request'],
      ['malformed JSON', { body: '{"username":' }, 400, 'bad_request'],
      [
        'a missing token',
        { body: JSON.stringify({ username: 'a@b.example' }) },
        400,
        'bad_request',
      ],
      [
        'an empty username',
        { body: JSON.stringify({ username: ' ', token: 'x' }) },
        400,
        'bad_request',
      ],
      [
        'a colon in the username',
        { body: JSON.stringify({ username: 'a:b', token: 'x' }) },
        400,
        'bad_request',
      ],
      [
        'a token over 4096 characters',
        { body: JSON.stringify({ username: 'a@b.example', token: 'x'.repeat(4097) }) },
        400,
        'bad_request',
      ],
      [
        'a body over 8 KiB',
        { body: JSON.stringify({ username: 'a@b.example', token: 'x', pad: 'p'.repeat(9000) }) },
        413,
        'payload_too_large',
      ],
    ] as const)('%s → %i', async (_, options, status, code) => {
      const h = harness();
      const jar = new CookieJar();
      const response = await tokenLogin(
        h,
        { username: ALICE.email, token: ALICE.token },
        { jar, ...(options as TokenLoginOptions) },
      );
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
      expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
      expect(h.upstreamCalls).toHaveLength(0);
      expect(JSON.stringify(h.responses)).not.toContain(ALICE.token);
    });

    it('answers 405 to other methods', async () => {
      const h = harness();
      const response = await h.request('/bff/login/token', { csrf: true });
      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')).toBe('POST');
    });
  });

  describe('rate limit', () => {
    const wrong = (username: string) => ({ username, token: 'ATATT-wrong' });

    it('answers 429 with Retry-After after five wrong tries a minute from one client, even for the right token', async () => {
      const h = harness();
      for (let i = 0; i < 5; i += 1) {
        expect(
          (await tokenLogin(h, wrong(`user${i}@example.com`), { address: '203.0.113.7' })).status,
        ).toBe(401);
      }
      const blocked = await tokenLogin(
        h,
        { username: ALICE.email, token: ALICE.token },
        { address: '203.0.113.7' },
      );
      expect(blocked.status).toBe(429);
      expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(Number(blocked.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
      expect(findSetCookie(blocked, SESSION_COOKIE)).toBeUndefined();
      expect(basicCalls(h)).toHaveLength(5);
      expect(h.logger.events()).toContain('login.rate_limited');

      // Another client is not held back, and the window passes.
      expect(
        (
          await tokenLogin(
            h,
            { username: ALICE.email, token: ALICE.token },
            { address: '198.51.100.1' },
          )
        ).status,
      ).toBe(200);
      h.clock.advance(61_000);
      expect(
        (
          await tokenLogin(
            h,
            { username: ALICE.email, token: ALICE.token },
            { address: '203.0.113.7' },
          )
        ).status,
      ).toBe(200);
    });

    it('limits wrong tries against one username whichever addresses they come from', async () => {
      const h = harness();
      for (let i = 0; i < 5; i += 1) {
        await tokenLogin(h, wrong(ALICE.email.toUpperCase()), { address: `192.0.2.${i + 1}` });
      }
      const blocked = await tokenLogin(
        h,
        { username: ALICE.email, token: ALICE.token },
        { address: '192.0.2.99' },
      );
      expect(blocked.status).toBe(429);
      expect(
        (
          await tokenLogin(
            h,
            { username: SEED_API_TOKENS.bobRead.email, token: SEED_API_TOKENS.bobRead.token },
            { address: '192.0.2.99' },
          )
        ).status,
      ).toBe(200);
    });

    it('holds a burst of parallel guesses to the limit: only five reach Bitbucket', async () => {
      const h = harness();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          tokenLogin(h, wrong(ALICE.email), { address: '203.0.113.7' }),
        ),
      );
      expect(basicCalls(h)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 401)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
    });

    it('counts neither sign-ins that succeed nor ones Bitbucket could not judge against the address', async () => {
      const down = `Basic ${Buffer.from('down@example.com:ATATT-any').toString('base64')}`;
      const h = harness({
        upstream: async (call, forward) =>
          call.headers.get('Authorization') === down
            ? new Response('busy', { status: 503 })
            : forward(),
      });
      const attempts = [
        ...Array<TokenLogin>(6).fill({ username: 'down@example.com', token: 'ATATT-any' }),
        ...Array<TokenLogin>(6).fill({ username: ALICE.email, token: ALICE.token }),
      ];
      const statuses: number[] = [];
      for (const attempt of attempts) {
        statuses.push((await tokenLogin(h, attempt, { address: '203.0.113.7' })).status);
      }
      expect(statuses).toEqual([...Array<number>(6).fill(502), ...Array<number>(6).fill(200)]);
      expect(h.store.entries().filter(([key]) => key.startsWith('login-attempts:'))).toEqual([]);
    });

    it('counts an IPv6 client by its /64, since one host can use the whole block', async () => {
      const h = harness();
      for (let i = 0; i < 5; i += 1) {
        const answer = await tokenLogin(h, wrong(`spray${i}@example.com`), {
          address: `2001:db8:7:42:${i.toString(16)}::${i + 1}`,
        });
        expect(answer.status).toBe(401);
      }
      const sameBlock = await tokenLogin(h, wrong('spray9@example.com'), {
        address: '2001:0db8:0007:0042:ffff:ffff:ffff:fffe',
      });
      expect(sameBlock.status).toBe(429);
      const mappedV4 = await tokenLogin(h, wrong('spray10@example.com'), {
        address: '::ffff:203.0.113.9',
      });
      expect(mappedV4.status).toBe(401);
      const otherBlock = await tokenLogin(h, wrong('spray11@example.com'), {
        address: '2001:db8:7:43::1',
      });
      expect(otherBlock.status).toBe(401);
      expect(basicCalls(h)).toHaveLength(7);
    });

    it('ignores X-Forwarded-For unless PAIL_TRUST_PROXY is set', async () => {
      const untrusted = harness();
      for (let i = 0; i < 5; i += 1) {
        await tokenLogin(untrusted, wrong(`u${i}@example.com`), {
          address: '10.0.0.1',
          headers: { 'X-Forwarded-For': `198.51.100.${i}` },
        });
      }
      const spoofed = await tokenLogin(untrusted, wrong('next@example.com'), {
        address: '10.0.0.1',
        headers: { 'X-Forwarded-For': '198.51.100.200' },
      });
      expect(spoofed.status).toBe(429);

      const trusted = harness({ env: { PAIL_TRUST_PROXY: '1' } });
      for (let i = 0; i < 5; i += 1) {
        await tokenLogin(trusted, wrong(`u${i}@example.com`), {
          address: '10.0.0.1',
          headers: { 'X-Forwarded-For': `198.51.100.${i}` },
        });
      }
      const distinct = await tokenLogin(trusted, wrong('next@example.com'), {
        address: '10.0.0.1',
        headers: { 'X-Forwarded-For': '198.51.100.200' },
      });
      expect(distinct.status).toBe(401);
      // Behind one trusted proxy, only the entry it appended counts: a client-written prefix changes nothing.
      for (let i = 0; i < 5; i += 1) {
        await tokenLogin(trusted, wrong(`v${i}@example.com`), {
          address: '10.0.0.1',
          headers: { 'X-Forwarded-For': `10.9.9.${i}, 203.0.113.50` },
        });
      }
      const sameClient = await tokenLogin(trusted, wrong('w@example.com'), {
        address: '10.0.0.1',
        headers: { 'X-Forwarded-For': '203.0.113.50' },
      });
      expect(sameClient.status).toBe(429);
    });

    it('keeps its counters under hashed keys, naming no address or username', async () => {
      const h = harness();
      await tokenLogin(h, wrong(ALICE.email), { address: '203.0.113.7' });
      const dump = JSON.stringify(h.store.entries());
      expect(h.store.entries().filter(([key]) => key.startsWith('login-attempts:'))).toHaveLength(
        2,
      );
      expect(dump).not.toContain('203.0.113.7');
      expect(dump).not.toContain(ALICE.email);
    });
  });
});

describe('a token session', () => {
  it('never refreshes: past the access-token lifetime it still works with no token-endpoint call', async () => {
    const h = harness();
    const jar = new CookieJar();
    await tokenLogin(h, { username: ALICE.email, token: ALICE.token }, { jar });
    for (let i = 0; i < 4; i += 1) {
      h.clock.advance(60 * 60_000);
      expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
    }
    expect(h.tokenRequests()).toHaveLength(0);
  });

  it('ends when Bitbucket stops accepting the token: 401 to the app, cookie cleared, session gone', async () => {
    const h = harness();
    const jar = new CookieJar();
    await tokenLogin(h, { username: ALICE.email, token: ALICE.token }, { jar });
    const stolen = jar.clone();
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
    h.emulator.controls.revokeApiToken(ALICE.id);

    const response = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect((await h.request('/bff/session', { jar: stolen, csrf: true })).status).toBe(401);
    expect(h.store.entries().filter(([key]) => key.startsWith('session:'))).toEqual([]);
    expect(h.tokenRequests()).toHaveLength(0);
    expect(h.logger.events()).toContain('session.credentials_rejected');
  });
});
