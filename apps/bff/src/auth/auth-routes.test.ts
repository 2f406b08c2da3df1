import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE, SessionInfoSchema, type SessionInfo } from '@pail/shared';
import { CALLBACK_URL, createHarness, TOKEN_PATH, type Harness } from '../testing/bff-harness';
import { consent, finishLogin, signIn, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { createKeyRing, sealedKeyId } from '../crypto/seal';
import { testKey, testKeyBytes } from '../testing/keys';
import { findSetCookie } from '../testing/set-cookie';

function expectLoginError(response: Response, code: string): void {
  expect(response.status).toBe(302);
  expect(response.headers.get('Location')).toBe(`/login?error=${code}`);
  expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
}

/** The login cookie is always cleared at the callback, whatever the outcome. */
function expectLoginCookieCleared(response: Response): void {
  const cleared = findSetCookie(response, LOGIN_COOKIE);
  expect(cleared?.value).toBe('');
  expect(cleared?.attributes['max-age']).toBe('0');
}

async function sessionStatus(h: Harness, jar: CookieJar): Promise<number> {
  return (await h.request('/bff/session', { jar, csrf: true })).status;
}

describe('GET /bff/login', () => {
  it('redirects to the authorize URL with the code flow, S256 PKCE and the fixed redirect URI', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { response, authorizeUrl } = await startLogin(h, jar, '/acme');
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(
      'http://localhost:8090/site/oauth2/authorize',
    );
    const params = Object.fromEntries(authorizeUrl.searchParams);
    expect(Object.keys(params).sort()).toEqual(
      [
        'client_id',
        'code_challenge',
        'code_challenge_method',
        'redirect_uri',
        'response_type',
        'state',
      ].sort(),
    );
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'pail-dev',
      redirect_uri: CALLBACK_URL,
      code_challenge_method: 'S256',
    });
    // ≥128 bits: 32 random bytes, base64url.
    expect(params.state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(h.tokenRequests()).toHaveLength(0);
  });

  it('sets a Lax, host-only, short-lived login cookie that holds only an opaque id', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { response, authorizeUrl } = await startLogin(h, jar);
    const cookie = findSetCookie(response, LOGIN_COOKIE);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.value).not.toContain(authorizeUrl.searchParams.get('state'));
    expect(cookie?.attributes).toEqual({
      'max-age': '600',
      path: '/',
      httponly: true,
      secure: true,
      samesite: 'Lax',
    });
  });

  it('makes a fresh state, verifier and transaction for every login', async () => {
    const h = createHarness();
    const first = await startLogin(h, new CookieJar());
    const second = await startLogin(h, new CookieJar());
    const a = first.authorizeUrl.searchParams;
    const b = second.authorizeUrl.searchParams;
    expect(a.get('state')).not.toBe(b.get('state'));
    expect(a.get('code_challenge')).not.toBe(b.get('code_challenge'));
    expect(findSetCookie(first.response, LOGIN_COOKIE)?.value).not.toBe(
      findSetCookie(second.response, LOGIN_COOKIE)?.value,
    );
  });

  it('ignores Host and X-Forwarded-* when building the redirect URI', async () => {
    const h = createHarness();
    const { authorizeUrl } = await startLogin(h, new CookieJar(), undefined, {
      Host: 'evil.test',
      'X-Forwarded-Host': 'evil.test',
      'X-Forwarded-Proto': 'https',
      Forwarded: 'host=evil.test;proto=https',
    });
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(CALLBACK_URL);
  });

  it.each(['iframe', 'frame'])(
    'refuses to run inside a frame (Sec-Fetch-Dest: %s)',
    async (dest) => {
      const h = createHarness();
      const response = await h.request('/bff/login', { headers: { 'Sec-Fetch-Dest': dest } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
      expect(response.headers.get('Location')).toBeNull();
      expect(findSetCookie(response, LOGIN_COOKIE)).toBeUndefined();
    },
  );

  it('answers 405 to other methods', async () => {
    const h = createHarness();
    const response = await h.request('/bff/login', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, HEAD');
  });
});

describe('GET /bff/callback', () => {
  it('creates a session, sets the session cookie and sends the browser to returnTo', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar, '/acme/widgets?tab=readme');
    const callbackUrl = await consent(h, authorizeUrl, { account: 'alice' });
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(CALLBACK_URL);
    const response = await finishLogin(h, jar, callbackUrl);

    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/acme/widgets?tab=readme');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.text()).toBe('');
    expectLoginCookieCleared(response);

    const session = findSetCookie(response, SESSION_COOKIE);
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(session?.value ?? '', 'base64url')).toHaveLength(32);
    expect(session?.attributes).toEqual({
      'max-age': String(7 * 24 * 3600),
      path: '/',
      httponly: true,
      secure: true,
      samesite: 'Strict',
    });
    expect(session?.raw.length).toBeLessThan(200);
    expect(h.tokenRequests()).toHaveLength(1);
    expect(h.logger.events()).toEqual(['login.started', 'login.succeeded']);
  });

  it('sends the confidential client credentials and the PKCE verifier that matches the challenge', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    await finishLogin(h, jar, await consent(h, authorizeUrl));
    const tokenCall = h.upstreamCalls.find((call) => call.url.pathname === TOKEN_PATH);
    // RFC 6749 §2.3.1: each half form-urlencoded, then base64.
    const basic = tokenCall?.headers.get('Authorization') ?? '';
    expect(basic).toMatch(/^Basic /);
    const [id, secret] = Buffer.from(basic.slice('Basic '.length), 'base64')
      .toString()
      .split(':')
      .map(decodeURIComponent);
    expect([id, secret]).toEqual(['pail-dev', 'pail-dev-secret']);
    const form = new URLSearchParams(tokenCall?.body);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('redirect_uri')).toBe(CALLBACK_URL);
    expect(form.has('client_secret')).toBe(false);
    const verifier = form.get('code_verifier') ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    expect(Buffer.from(digest).toString('base64url')).toBe(
      authorizeUrl.searchParams.get('code_challenge'),
    );
  });

  it.each([
    ['a missing state', (url: URL) => url.searchParams.delete('state')],
    ['a wrong state', (url: URL) => url.searchParams.set('state', 'x'.repeat(43))],
    ['a doubled state', (url: URL) => url.searchParams.append('state', 'x')],
  ])('refuses %s before any token request', async (_, tamper) => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await consent(h, authorizeUrl);
    tamper(callbackUrl);
    const response = await finishLogin(h, jar, callbackUrl);
    expectLoginError(response, 'state_mismatch');
    expectLoginCookieCleared(response);
    expect(h.tokenRequests()).toHaveLength(0);
    expect(h.logger.entries.at(-1)).toMatchObject({
      event: 'login.failed',
      props: { code: 'state_mismatch' },
    });
  });

  it('is single-use: replaying the callback (even with the old login cookie) fails', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { response: started, authorizeUrl } = await startLogin(h, jar);
    const loginId = findSetCookie(started, LOGIN_COOKIE)?.value ?? '';
    const callbackUrl = await consent(h, authorizeUrl);
    expect((await finishLogin(h, jar, callbackUrl)).headers.get('Location')).toBe('/');

    const replayJar = new CookieJar();
    replayJar.set(LOGIN_COOKIE, loginId);
    expectLoginError(await finishLogin(h, replayJar, callbackUrl), 'state_mismatch');
    expect(h.tokenRequests()).toHaveLength(1);
  });

  it('lets only one of two simultaneous callbacks use the transaction', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await consent(h, authorizeUrl);
    const answers = await Promise.all([
      finishLogin(h, jar.clone(), callbackUrl),
      finishLogin(h, jar.clone(), callbackUrl),
    ]);
    expect(answers.map((r) => r.headers.get('Location')).sort()).toEqual([
      '/',
      '/login?error=state_mismatch',
    ]);
    expect(h.tokenRequests()).toHaveLength(1);
  });

  it('refuses a callback in another browser (login CSRF / code injection), even one with its own login', async () => {
    const h = createHarness();
    const victim = new CookieJar();
    const { authorizeUrl } = await startLogin(h, new CookieJar());
    const attackerCallback = await consent(h, authorizeUrl, { account: 'bob' });

    expectLoginError(await finishLogin(h, victim, attackerCallback), 'state_mismatch');
    await startLogin(h, victim);
    expectLoginError(await finishLogin(h, victim, attackerCallback), 'state_mismatch');
    expect(h.tokenRequests()).toHaveLength(0);
    expect(await sessionStatus(h, victim)).toBe(401);
  });

  it('refuses a transaction older than ten minutes', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await consent(h, authorizeUrl);
    h.clock.advance(601_000);
    expectLoginError(await finishLogin(h, jar, callbackUrl), 'login_expired');
    expect(h.tokenRequests()).toHaveLength(0);
  });

  it('handles a denied consent: no token request, no session, transaction consumed', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { response: started, authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await consent(h, authorizeUrl, { decision: 'deny' });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    const response = await finishLogin(h, jar, callbackUrl);
    expectLoginError(response, 'access_denied');
    expectLoginCookieCleared(response);
    expect(h.tokenRequests()).toHaveLength(0);

    const again = new CookieJar();
    again.set(LOGIN_COOKIE, findSetCookie(started, LOGIN_COOKIE)?.value ?? '');
    expectLoginError(await finishLogin(h, again, callbackUrl), 'state_mismatch');
  });

  it('maps other authorization errors to provider_error and reflects nothing', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = new URL(CALLBACK_URL);
    callbackUrl.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
    callbackUrl.searchParams.set('error', '<script>alert(1)</script>');
    callbackUrl.searchParams.set('error_description', '<img src=x onerror=alert(1)>');
    const response = await finishLogin(h, jar, callbackUrl);
    expectLoginError(response, 'provider_error');
    expect(await response.text()).toBe('');
  });

  it('answers callback_failed when Bitbucket refuses the code, and makes no session', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await consent(h, authorizeUrl);
    callbackUrl.searchParams.set('code', 'forged-code');
    expectLoginError(await finishLogin(h, jar, callbackUrl), 'callback_failed');
    expect(h.tokenRequests()).toHaveLength(1);
    expect(await sessionStatus(h, jar)).toBe(401);
  });

  it('answers provider_error when Bitbucket cannot be reached', async () => {
    const h = createHarness({
      upstream: async (call, forward) => {
        if (call.url.pathname === TOKEN_PATH) throw new TypeError('fetch failed');
        return forward();
      },
    });
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    expectLoginError(await finishLogin(h, jar, await consent(h, authorizeUrl)), 'provider_error');
  });

  it('answers provider_error on a token endpoint 500, without relaying its body', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === TOKEN_PATH
          ? new Response('{"error":"server_error","error_description":"LEAKY-DETAIL"}', {
              status: 500,
              headers: { 'Content-Type': 'application/json' },
            })
          : forward(),
    });
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const response = await finishLogin(h, jar, await consent(h, authorizeUrl));
    expectLoginError(response, 'provider_error');
    expect(JSON.stringify(h.responses)).not.toContain('LEAKY-DETAIL');
  });

  it("copes with Bitbucket's older token response (`scopes`, a `state` echoing the grant, `Bearer`)", async () => {
    const h = createHarness({
      upstream: async (call, forward) => {
        const response = await forward();
        if (call.url.pathname !== TOKEN_PATH || !response.ok) return response;
        const { scope, ...json } = (await response.json()) as Record<string, unknown>;
        return Response.json({
          ...json,
          scopes: scope,
          state: 'authorization_code',
          token_type: 'Bearer',
        });
      },
    });
    const { jar } = await signIn(h);
    const info = (await (
      await h.request('/bff/session', { jar, csrf: true })
    ).json()) as SessionInfo;
    expect(info.scopes).toEqual(expect.arrayContaining(['account', 'repository']));
  });

  it('issues a new session id at every login and ends the one the browser held (anti-fixation)', async () => {
    const h = createHarness();
    const { jar } = await signIn(h, { account: 'bob' });
    const planted = jar.get(SESSION_COOKIE) ?? '';
    await signIn(h, { account: 'alice', jar });
    const fresh = jar.get(SESSION_COOKIE) ?? '';
    expect(fresh).not.toBe(planted);
    const plantedJar = new CookieJar();
    plantedJar.set(SESSION_COOKIE, planted);
    expect(await sessionStatus(h, plantedJar)).toBe(401);
    const info = (await (
      await h.request('/bff/session', { jar, csrf: true })
    ).json()) as SessionInfo;
    expect(info.user.nickname).toBe('alice');
  });

  describe('returnTo', () => {
    it.each([
      ['//evil.test', '/'],
      ['https://evil.test', '/'],
      ['/\\evil.test', '/'],
      ['\\\\evil.test', '/'],
      ['/%2F%2Fevil.test', '/'],
      ['/%5Cevil.test', '/'],
      // Dot segments that the URL parser resolves into a protocol-relative `//host`.
      ['/.//evil.test', '/'],
      ['/x/..//evil.test', '/'],
      ['/%2e//evil.test', '/'],
      ['/.%2E//evil.test/path', '/'],
      ['javascript:alert(1)', '/'],
      ['/acme/widgets', '/acme/widgets'],
      ['/acme/widgets/src/main/README.md#readme', '/acme/widgets/src/main/README.md#readme'],
    ])('turns %j into %j', async (returnTo, expected) => {
      const h = createHarness();
      const { response } = await signIn(h, { returnTo });
      expect(response.headers.get('Location')).toBe(expected);
    });

    it('only ever lands on a local path (property)', async () => {
      const h = createHarness();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string(), fc.webUrl(), fc.stringMatching(/^[/\\%2FfC5.@:a-z]{0,12}$/)),
          async (returnTo) => {
            const { response } = await signIn(h, { returnTo });
            const location = response.headers.get('Location') ?? '';
            expect(location.startsWith('/')).toBe(true);
            expect(location.startsWith('//')).toBe(false);
            expect(location).not.toMatch(/[\\\s]|%2f|%5c/i);
            expect(new URL(location, 'https://pail.invalid').origin).toBe('https://pail.invalid');
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});

describe('GET /bff/session', () => {
  it('returns who is signed in, never a token, and is not cacheable', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const response = await h.request('/bff/session', { jar, csrf: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = (await response.json()) as SessionInfo;
    expect(v.is(SessionInfoSchema, body)).toBe(true);
    expect(Object.keys(body).sort()).toEqual(['authMethod', 'expiresAt', 'scopes', 'user']);
    expect(body).toMatchObject({
      authMethod: 'oauth',
      user: { displayName: 'Alice Marchetti', nickname: 'alice' },
      expiresAt: new Date(h.clock.now() + 7 * 24 * 3600 * 1000).toISOString(),
    });
    expect(body.scopes).toEqual(expect.arrayContaining(['account', 'repository']));
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('answers 401 JSON when signed out, and 403 without X-CSRF even when signed in', async () => {
    const h = createHarness();
    const anonymous = await h.request('/bff/session', { csrf: true });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('Location')).toBeNull();
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });

    const { jar } = await signIn(h);
    const noHeader = await h.request('/bff/session', { jar });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.json()).toMatchObject({ error: { code: 'csrf_required' } });
  });

  it('answers 401 to a tampered or unknown cookie and clears it', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const value = jar.get(SESSION_COOKIE) ?? '';
    for (const forged of [
      `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`,
      'not-a-session',
      `${value}x`,
    ]) {
      const forgedJar = new CookieJar();
      forgedJar.set(SESSION_COOKIE, forged);
      const response = await h.request('/bff/session', { jar: forgedJar, csrf: true });
      expect(response.status).toBe(401);
      expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    }
    expect(await sessionStatus(h, jar)).toBe(200);
  });

  it('ends an idle session; polling with slide=false does not keep it alive', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    h.clock.advance(100 * 60_000);
    expect((await h.request('/bff/session?slide=false', { jar, csrf: true })).status).toBe(200);
    h.clock.advance(30 * 60_000);
    expect(await sessionStatus(h, jar)).toBe(401);

    const { jar: active } = await signIn(h);
    h.clock.advance(100 * 60_000);
    expect(await sessionStatus(h, active)).toBe(200);
    h.clock.advance(30 * 60_000);
    expect(await sessionStatus(h, active)).toBe(200);
  });

  it('keeps sessions across a key rotation, re-sealing each under the new key on its next request', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const { jar: idle } = await signIn(h);
    const [oldKid, newKid] = await Promise.all(
      [1, 2].map(async (seed) => (await createKeyRing([testKeyBytes(seed)])).currentKeyId),
    );
    const keyIds = () =>
      h.store
        .entries()
        .filter(([key]) => key.startsWith('session:'))
        .map(([, sealed]) => sealedKeyId(sealed));
    expect(keyIds()).toEqual([oldKid, oldKid]);

    h.rebuild({ PAIL_SESSION_KEYS: `${testKey(2)},${testKey(1)}` });
    expect(await sessionStatus(h, jar)).toBe(200);
    expect(keyIds().sort()).toEqual([oldKid, newKid].sort());

    // Dropping the old key ends only the session nobody used since the rotation: 401, never 500.
    h.rebuild({ PAIL_SESSION_KEYS: testKey(2) });
    expect(await sessionStatus(h, jar)).toBe(200);
    const dropped = await h.request('/api/2.0/user', { jar: idle, csrf: true });
    expect(dropped.status).toBe(401);
    expect(await dropped.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(findSetCookie(dropped, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect(keyIds()).toEqual([newKid]);
    expect(h.logger.events()).not.toContain('internal_error');
  });
});

describe('POST /bff/logout', () => {
  it('ends the session server-side, clears the cookie and site data, and is idempotent', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const stolen = jar.clone();
    const response = await h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    expect(response.status).toBe(204);
    expect(response.headers.get('Clear-Site-Data')).toBe('"cache", "storage"');
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes).toMatchObject({
      'max-age': '0',
      path: '/',
      httponly: true,
      secure: true,
      samesite: 'Strict',
    });
    expect(await sessionStatus(h, stolen)).toBe(401);
    expect(h.store.entries().filter(([key]) => key.startsWith('session:'))).toEqual([]);

    const again = await h.request('/bff/logout', { method: 'POST', jar: stolen, csrf: true });
    expect(again.status).toBe(204);
    expect(h.logger.events().filter((event) => event === 'logout')).toHaveLength(2);
  });

  it('stays signed out when a token refresh was in flight during logout', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let refreshing = () => {};
    const refreshStarted = new Promise<void>((resolve) => (refreshing = resolve));
    const h = createHarness({
      upstream: async (call, forward) => {
        if (call.url.pathname === TOKEN_PATH && call.body.includes('grant_type=refresh_token')) {
          refreshing();
          await held;
        }
        return forward();
      },
    });
    const { jar } = await signIn(h);
    const stolen = jar.clone();
    // Inside the 60 s refresh margin of the two-hour access token.
    h.clock.advance(7200 * 1000 - 30_000);
    const browsing = h.request('/api/2.0/user', { jar: jar.clone(), csrf: true });
    await refreshStarted;
    const logout = h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await logout).status).toBe(204);
    await browsing;
    expect(await sessionStatus(h, stolen)).toBe(401);
    expect(h.store.entries().filter(([key]) => key.startsWith('session:'))).toEqual([]);
  });

  it('refuses a cross-site logout and keeps the session', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    expect((await h.request('/bff/logout', { method: 'POST', jar })).status).toBe(403);
    expect(
      (
        await h.request('/bff/logout', {
          method: 'POST',
          jar,
          csrf: true,
          headers: { Origin: 'https://evil.test' },
        })
      ).status,
    ).toBe(403);
    expect(await sessionStatus(h, jar)).toBe(200);
  });

  it('is POST only', async () => {
    const h = createHarness();
    const response = await h.request('/bff/logout');
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('POST');
  });
});
