import { describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import { checkClientCredentials } from '../doctor/checks';
import { parseConfig } from '../env';
import { LOGIN_TRANSACTION_SECONDS } from '../session/login-transactions';
import { CALLBACK_URL, TOKEN_PATH, createHarness } from '../testing/bff-harness';
import { consent, finishLogin, signIn, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { testKey } from '../testing/keys';
import { REVOCATION_PATH, WITH_REVOCATION } from '../testing/revocation';
import { findSetCookie } from '../testing/set-cookie';

const SPOOFED = {
  Host: 'evil.test',
  'X-Forwarded-Host': 'evil.test',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Port': '8443',
  'X-Original-URL': '/evil',
  Forwarded: 'host=evil.test;proto=https',
};

function decodeBasic(header: string | null): [string, string] {
  const [id = '', secret = ''] = Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64')
    .toString()
    .split(':')
    .map(decodeURIComponent);
  return [id, secret];
}

describe('the client authenticates itself on every call to the authorization server', () => {
  it('code exchange, refresh and revocation all send Basic client credentials, never the secret in a body or URL', async () => {
    const h = createHarness(WITH_REVOCATION);
    const { jar } = await signIn(h);
    h.clock.advance(7200 * 1000 - 30_000);
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
    expect((await h.request('/bff/logout', { method: 'POST', jar, csrf: true })).status).toBe(204);

    const calls = h.upstreamCalls.filter(
      (call) => call.url.pathname === TOKEN_PATH || call.url.pathname === REVOCATION_PATH,
    );
    const kinds = calls.map((call) =>
      call.url.pathname === REVOCATION_PATH
        ? 'revoke'
        : new URLSearchParams(call.body).get('grant_type'),
    );
    expect(kinds).toEqual(['authorization_code', 'refresh_token', 'revoke']);
    for (const call of calls) {
      expect(call.method).toBe('POST');
      expect(decodeBasic(call.headers.get('authorization'))).toEqual([
        'pail-dev',
        'pail-dev-secret',
      ]);
      expect(call.body).not.toContain('pail-dev-secret');
      expect(call.url.search).toBe('');
    }
  });
});

describe('a refresh the authorization server refuses', () => {
  it.each([
    ['invalid_grant', 'warn'],
    ['unauthorized_client', 'error'],
  ])(
    'answering %s ends the session and is logged at %s level; bad client credentials raise an alert',
    async (oauthError, level) => {
      const h = createHarness({
        upstream: async (call, forward) =>
          call.url.pathname === TOKEN_PATH && call.body.includes('grant_type=refresh_token')
            ? Response.json({ error: oauthError }, { status: 400 })
            : forward(),
      });
      const { jar } = await signIn(h);
      h.clock.advance(7200 * 1000 - 30_000);
      expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(401);
      const failure = h.logger.entries.find((entry) => entry.event === 'session.refresh_failed');
      expect(failure?.level).toBe(level);
      expect(failure?.props.oauthError).toBe(oauthError);
      expect('alert' in (failure?.props ?? {})).toBe(level === 'error');
    },
  );
});

describe('the authorization request', () => {
  it('uses a fresh state, verifier and S256 challenge for every login, each verifier matching its challenge', async () => {
    const h = createHarness();
    const seen = { state: new Set<string>(), verifier: new Set<string>() };
    for (let i = 0; i < 8; i += 1) {
      const jar = new CookieJar();
      const { authorizeUrl } = await startLogin(h, jar);
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizeUrl.searchParams.get('response_type')).toBe('code');
      await finishLogin(h, jar, await consent(h, authorizeUrl));
      const verifier =
        new URLSearchParams(
          h.upstreamCalls.filter((c) => c.url.pathname === TOKEN_PATH).at(-1)?.body,
        ).get('code_verifier') ?? '';
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
      expect(Buffer.from(digest).toString('base64url')).toBe(
        authorizeUrl.searchParams.get('code_challenge'),
      );
      seen.state.add(authorizeUrl.searchParams.get('state') ?? '');
      seen.verifier.add(verifier);
    }
    expect(seen.state.size).toBe(8);
    expect(seen.verifier.size).toBe(8);
  });

  it('ignores a spoofed Host, X-Forwarded-* and Forwarded on the callback too: the code is redeemed for the configured redirect URI', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar, '/acme', SPOOFED);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(CALLBACK_URL);
    const callbackUrl = await consent(h, authorizeUrl);
    const done = await h.request(callbackUrl.pathname + callbackUrl.search, {
      jar,
      headers: SPOOFED,
    });
    expect(done.headers.get('Location')).toBe('/acme');
    const exchange = h.upstreamCalls.find((call) => call.url.pathname === TOKEN_PATH);
    expect(new URLSearchParams(exchange?.body).get('redirect_uri')).toBe(CALLBACK_URL);
    expect(JSON.stringify(h.responses)).not.toContain('evil.test');
  });

  it('is a navigation that may not be framed: login and callback answers forbid framing', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { response, authorizeUrl } = await startLogin(h, jar);
    const callback = await finishLogin(h, jar, await consent(h, authorizeUrl));
    for (const answer of [response, callback]) {
      expect(answer.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('X-Frame-Options')).toBe('DENY');
      expect(answer.headers.get('Cache-Control')).toBe('no-store');
    }
  });
});

describe('the callback', () => {
  it('never hands the code or state on: the browser is sent to a clean local URL, whatever the outcome', async () => {
    const h = createHarness();
    const outcomes: Array<[string, (url: URL) => void]> = [
      ['success', () => undefined],
      ['wrong state', (url) => url.searchParams.set('state', 'x'.repeat(43))],
      ['refused code', (url) => url.searchParams.set('code', 'forged')],
      ['provider error', (url) => url.searchParams.set('error', 'server_error')],
    ];
    for (const [, tamper] of outcomes) {
      const jar = new CookieJar();
      const { authorizeUrl } = await startLogin(h, jar, '/acme?tab=readme');
      const callbackUrl = await consent(h, authorizeUrl);
      tamper(callbackUrl);
      const response = await finishLogin(h, jar, callbackUrl);
      expect(response.status).toBe(302);
      expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
      const location = response.headers.get('Location') ?? '';
      expect(location).toMatch(/^\/(?:acme\?tab=readme|login\?error=[a-z_]+)$/);
      for (const value of callbackUrl.searchParams.values()) expect(location).not.toContain(value);
      expect(await response.text()).toBe('');
    }
  });

  it('refuses the first tab’s callback once a second login in the same browser replaced its transaction', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const first = await startLogin(h, jar);
    const firstCallback = await consent(h, first.authorizeUrl);
    await startLogin(h, jar);
    const response = await finishLogin(h, jar, firstCallback);
    expect(response.headers.get('Location')).toBe('/login?error=state_mismatch');
    expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
    expect(h.tokenRequests()).toHaveLength(0);
  });
});

describe('pending login transactions', () => {
  it('expire with the injected clock: refused after ten minutes, gone from the store a few minutes later', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    for (let i = 0; i < 4; i += 1) await startLogin(h, new CookieJar());
    const keys = h.store
      .entries()
      .map(([key]) => key)
      .filter((key) => key.startsWith('login:'));
    expect(keys).toHaveLength(5);
    const live = async () =>
      (await Promise.all(keys.map((key) => h.store.get(key)))).filter(Boolean).length;

    const callbackUrl = await consent(h, authorizeUrl);
    h.clock.advance(LOGIN_TRANSACTION_SECONDS * 1000 + 1000);
    const late = await finishLogin(h, jar, callbackUrl);
    expect(late.headers.get('Location')).toBe('/login?error=login_expired');
    expect(h.tokenRequests()).toHaveLength(0);
    // Kept a little past expiry only to tell "expired" from "forged"; then the store drops them.
    h.clock.advance(5 * 60_000);
    expect(await live()).toBe(0);
  });

  it('hold nothing a store reader could use: no state, verifier or login id in clear', async () => {
    const h = createHarness();
    const { response, authorizeUrl } = await startLogin(h, new CookieJar());
    const dump = JSON.stringify(h.store.entries());
    expect(dump).not.toContain(authorizeUrl.searchParams.get('state'));
    expect(dump).not.toContain(findSetCookie(response, LOGIN_COOKIE)?.value);
    expect(dump).not.toContain(authorizeUrl.searchParams.get('code_challenge'));
  });
});

describe('scopes', () => {
  it('the doctor warns when the consumer could write, since Pail only reads', async () => {
    const parsed = parseConfig({ NODE_ENV: 'test', PAIL_SESSION_KEYS: testKey(1) });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const { results } = await checkClientCredentials(parsed.config, {
      fetch: async () =>
        Response.json({
          access_token: 'at',
          token_type: 'bearer',
          expires_in: 7200,
          scopes: 'account repository:write pullrequest',
        }),
      timeoutMs: 1000,
      openStore: () => {
        throw new Error('not used');
      },
    });
    expect(results).toContainEqual(
      expect.objectContaining({
        status: 'warn',
        summary: expect.stringContaining('can also write (repository:write)'),
      }),
    );
  });
});
