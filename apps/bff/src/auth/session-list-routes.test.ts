import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import { SESSION_COOKIE, SessionListSchema, type SessionList } from '@pail/shared';
import { createKeyRing } from '../crypto/seal';
import { createHarness, EMULATOR_ORIGIN, TOKEN_PATH, type Harness } from '../testing/bff-harness';
import { consent, signIn, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { testKey, testKeyBytes } from '../testing/keys';
import { REVOCATION_PATH, WITH_REVOCATION } from '../testing/revocation';
import { findSetCookie } from '../testing/set-cookie';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Signs in through the OAuth dance from a browser with this User-Agent. */
async function signInWith(h: Harness, userAgent: string, account = 'alice'): Promise<CookieJar> {
  const jar = new CookieJar();
  const { authorizeUrl } = await startLogin(h, jar);
  const callback = await consent(h, authorizeUrl, { account });
  const response = await h.request(callback.pathname + callback.search, {
    jar,
    headers: { 'User-Agent': userAgent },
  });
  expect(response.status).toBe(302);
  return jar;
}

async function list(h: Harness, jar: CookieJar): Promise<SessionList> {
  const response = await h.request('/bff/sessions', { jar, csrf: true });
  expect(response.status).toBe(200);
  const body = (await response.json()) as SessionList;
  expect(v.is(SessionListSchema, body)).toBe(true);
  return body;
}

async function status(h: Harness, jar: CookieJar): Promise<number> {
  return (await h.request('/bff/session', { jar, csrf: true })).status;
}

function revocations(h: Harness): URLSearchParams[] {
  return h.upstreamCalls
    .filter((call) => call.url.pathname === REVOCATION_PATH)
    .map((call) => new URLSearchParams(call.body));
}

/** The refresh token stored for a browser's session, read back as the BFF would. */
async function storedRefreshToken(h: Harness, before: Set<string>): Promise<string[]> {
  const ring = await createKeyRing([testKeyBytes(1)]);
  const tokens: string[] = [];
  for (const [key, sealed] of h.store.entries()) {
    if (!key.startsWith('session:') || before.has(key)) continue;
    const record = JSON.parse((await ring.unseal(sealed, key)) ?? '{}') as {
      refreshToken?: string;
    };
    if (record.refreshToken) tokens.push(record.refreshToken);
  }
  return tokens;
}

describe('GET /bff/sessions', () => {
  it("lists the user's own live sessions, newest first, with a public id, browser and times", async () => {
    const h = createHarness();
    const laptop = await signInWith(h, FIREFOX_LINUX);
    h.clock.advance(5 * 60_000);
    const phone = await signInWith(h, SAFARI_IPHONE);
    await signInWith(h, FIREFOX_LINUX, 'bob');
    h.clock.advance(2 * 60_000);
    expect(await status(h, laptop)).toBe(200);

    const { sessions } = await list(h, phone);
    expect(sessions).toHaveLength(2);
    const [newest, oldest] = sessions;
    expect(newest).toMatchObject({ current: true, authMethod: 'oauth', browser: 'Safari on iOS' });
    expect(oldest).toMatchObject({
      current: false,
      authMethod: 'oauth',
      browser: 'Firefox on Linux',
    });
    expect(Date.parse(oldest?.createdAt ?? '')).toBeLessThan(Date.parse(newest?.createdAt ?? ''));
    // Both were used just now: the laptop a moment ago, the phone by this very request.
    expect(oldest?.lastUsedAt).toBe(new Date(h.clock.now()).toISOString());
    expect(newest?.lastUsedAt).toBe(new Date(h.clock.now()).toISOString());
    expect(newest?.createdAt).toBe(new Date(h.clock.now() - 2 * 60_000).toISOString());
    expect(Date.parse(newest?.expiresAt ?? '')).toBe(h.clock.now() + 120 * 60_000);

    // Ids name sessions without being their cookie or store key, and nothing in the list is secret.
    const secrets = [
      laptop.get(SESSION_COOKIE),
      phone.get(SESSION_COOKIE),
      ...h.store.entries().map(([key]) => key),
    ];
    for (const summary of sessions) {
      expect(summary.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      for (const secret of secrets) expect(secret).not.toContain(summary.id);
    }
    expect(h.leakedSecrets()).toEqual([]);
    expect((await list(h, laptop)).sessions.find((s) => s.current)?.id).toBe(oldest?.id);
  });

  it('shows token sign-ins, and drops sessions once they have expired', async () => {
    const h = createHarness();
    const { jar: oauth } = await signIn(h);
    const token = new CookieJar();
    const signedIn = await h.request('/bff/login/token', {
      method: 'POST',
      jar: token,
      csrf: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username: SEED_API_TOKENS.aliceRead.email,
        token: SEED_API_TOKENS.aliceRead.token,
      }),
    });
    expect(signedIn.status).toBe(200);
    expect((await list(h, token)).sessions.map((s) => s.authMethod).sort()).toEqual([
      'oauth',
      'token',
    ]);

    // The OAuth session idles out; the token one stays in use.
    for (let i = 0; i < 3; i += 1) {
      h.clock.advance(50 * 60_000);
      expect(await status(h, token)).toBe(200);
    }
    const { sessions } = await list(h, token);
    expect(sessions).toEqual([expect.objectContaining({ authMethod: 'token', current: true })]);
    expect(await status(h, oauth)).toBe(401);
  });

  it('answers 401 when signed out and 403 without X-CSRF', async () => {
    const h = createHarness();
    expect((await h.request('/bff/sessions', { csrf: true })).status).toBe(401);
    const { jar } = await signIn(h);
    expect((await h.request('/bff/sessions', { jar })).status).toBe(403);
  });
});

describe('DELETE /bff/sessions/{id}', () => {
  it('signs out another of my sessions and leaves this one', async () => {
    const h = createHarness();
    const laptop = await signInWith(h, FIREFOX_LINUX);
    const phone = await signInWith(h, SAFARI_IPHONE);
    const other = (await list(h, phone)).sessions.find((s) => !s.current);
    const response = await h.request(`/bff/sessions/${other?.id}`, {
      method: 'DELETE',
      jar: phone,
      csrf: true,
    });
    expect(response.status).toBe(204);
    expect(findSetCookie(response, SESSION_COOKIE)).toBeUndefined();
    expect(await status(h, laptop)).toBe(401);
    expect(await status(h, phone)).toBe(200);
    expect((await list(h, phone)).sessions).toHaveLength(1);
    expect(h.logger.entries.find((entry) => entry.event === 'session.revoked')).toMatchObject({
      event: 'session.revoked',
      props: { session: other?.id, scope: 'one', current: false },
    });
  });

  it('signs this browser out (cookie cleared) when the id is its own', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const mine = (await list(h, jar)).sessions[0];
    const response = await h.request(`/bff/sessions/${mine?.id}`, {
      method: 'DELETE',
      jar,
      csrf: true,
    });
    expect(response.status).toBe(204);
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect(await status(h, jar)).toBe(401);
  });

  it("cannot see or end someone else's session: 404, and theirs lives on", async () => {
    const h = createHarness();
    const alice = await signInWith(h, FIREFOX_LINUX, 'alice');
    const bob = await signInWith(h, FIREFOX_LINUX, 'bob');
    const bobs = (await list(h, bob)).sessions[0];
    expect((await list(h, alice)).sessions.map((s) => s.id)).not.toContain(bobs?.id);
    for (const id of [bobs?.id, 'A'.repeat(22), '..', 'x'.repeat(300)]) {
      const response = await h.request(`/bff/sessions/${id}`, {
        method: 'DELETE',
        jar: alice,
        csrf: true,
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(await status(h, bob)).toBe(200);
    expect(await status(h, alice)).toBe(200);
  });

  it('refuses without X-CSRF or from another origin, and changes nothing', async () => {
    const h = createHarness();
    const laptop = await signInWith(h, FIREFOX_LINUX);
    const phone = await signInWith(h, SAFARI_IPHONE);
    const other = (await list(h, phone)).sessions.find((s) => !s.current);
    const path = `/bff/sessions/${other?.id}`;
    expect((await h.request(path, { method: 'DELETE', jar: phone })).status).toBe(403);
    expect(
      (
        await h.request(path, {
          method: 'DELETE',
          jar: phone,
          csrf: true,
          headers: { Origin: 'https://evil.test' },
        })
      ).status,
    ).toBe(403);
    expect(await status(h, laptop)).toBe(200);
  });
});

describe('DELETE /bff/sessions', () => {
  it('signs out everywhere, this browser included, and no one else', async () => {
    const h = createHarness();
    const laptop = await signInWith(h, FIREFOX_LINUX);
    const phone = await signInWith(h, SAFARI_IPHONE);
    const bob = await signInWith(h, FIREFOX_LINUX, 'bob');
    const response = await h.request('/bff/sessions', { method: 'DELETE', jar: phone, csrf: true });
    expect(response.status).toBe(204);
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect(response.headers.get('Clear-Site-Data')).toBe('"cache", "storage"');
    expect(await status(h, laptop)).toBe(401);
    expect(await status(h, phone)).toBe(401);
    expect(await status(h, bob)).toBe(200);
    expect(h.logger.events().filter((event) => event === 'session.revoked')).toHaveLength(2);
  });

  it('still reaches every session after a key rotation has completed and the old key is dropped', async () => {
    const h = createHarness();
    const laptop = await signInWith(h, FIREFOX_LINUX);
    const phone = await signInWith(h, SAFARI_IPHONE);
    // Rotation as an operator does it: the new key in front, both sessions used, then the old key dropped.
    h.rebuild({ PAIL_SESSION_KEYS: `${testKey(2)},${testKey(1)}` });
    expect(await status(h, laptop)).toBe(200);
    expect(await status(h, phone)).toBe(200);
    h.rebuild({ PAIL_SESSION_KEYS: testKey(2) });

    const list = await h.request('/bff/sessions', { jar: laptop, csrf: true });
    expect(((await list.json()) as SessionList).sessions).toHaveLength(2);
    const response = await h.request('/bff/sessions', {
      method: 'DELETE',
      jar: laptop,
      csrf: true,
    });
    expect(response.status).toBe(204);
    expect(await status(h, laptop)).toBe(401);
    expect(await status(h, phone)).toBe(401);
  });

  it('revokes each ended grant at Bitbucket when a revocation URL is set', async () => {
    const h = createHarness(WITH_REVOCATION);
    const laptop = await signInWith(h, FIREFOX_LINUX);
    const phone = await signInWith(h, SAFARI_IPHONE);
    const refreshTokens = await storedRefreshToken(h, new Set());
    expect(refreshTokens).toHaveLength(2);
    expect(
      (await h.request('/bff/sessions', { method: 'DELETE', jar: phone, csrf: true })).status,
    ).toBe(204);
    const revoked = revocations(h);
    expect(revoked.map((form) => form.get('token')).sort()).toEqual([...refreshTokens].sort());
    // RFC 7009 §2.1: client-authenticated.
    const calls = h.upstreamCalls.filter((call) => call.url.pathname === REVOCATION_PATH);
    expect(calls.every((call) => call.headers.get('Authorization')?.startsWith('Basic '))).toBe(
      true,
    );
    expect(await status(h, laptop)).toBe(401);
    expect(h.leakedSecrets()).toEqual([]);
  });
});

describe('POST /bff/logout with a revocation endpoint', () => {
  it('revokes the grant at Bitbucket, so its tokens stop working there', async () => {
    const h = createHarness(WITH_REVOCATION);
    const { jar } = await signIn(h);
    const [refreshToken] = await storedRefreshToken(h, new Set());
    expect((await h.request('/bff/logout', { method: 'POST', jar, csrf: true })).status).toBe(204);
    expect(revocations(h).map((form) => form.get('token'))).toEqual([refreshToken]);
    const reuse = await h.emulator.fetch(`${EMULATOR_ORIGIN}${TOKEN_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('pail-dev:pail-dev-secret').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken ?? '',
      }).toString(),
    });
    expect(reuse.status).toBe(400);
  });

  it('revokes the refresh token that is current after a refresh in flight, not the superseded one', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let refreshing = () => {};
    const refreshStarted = new Promise<void>((resolve) => (refreshing = resolve));
    const h = createHarness({
      ...WITH_REVOCATION,
      upstream: async (call, forward) => {
        if (call.url.pathname === TOKEN_PATH && call.body.includes('grant_type=refresh_token')) {
          refreshing();
          await held;
        }
        return forward();
      },
    });
    const { jar } = await signIn(h);
    const [original] = await storedRefreshToken(h, new Set());
    h.clock.advance(7200 * 1000 - 30_000);
    const browsing = h.request('/api/2.0/user', { jar: jar.clone(), csrf: true });
    await refreshStarted;
    const logout = h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await logout).status).toBe(204);
    await browsing;

    const [revoked] = revocations(h).map((form) => form.get('token'));
    expect(revoked).not.toBe(original);
    expect(h.secrets.has(revoked ?? '')).toBe(true);
    // The grant is dead at Bitbucket: even the superseded token, still within its grace, is refused.
    const reuse = await h.emulator.fetch(`${EMULATOR_ORIGIN}${TOKEN_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('pail-dev:pail-dev-secret').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: original ?? '',
      }).toString(),
    });
    expect(reuse.status).toBe(400);
  });

  it('still signs out when the revocation endpoint fails', async () => {
    const h = createHarness({
      ...WITH_REVOCATION,
      upstream: async (call, forward) =>
        call.url.pathname === REVOCATION_PATH ? new Response('down', { status: 503 }) : forward(),
    });
    const { jar } = await signIn(h);
    const stolen = jar.clone();
    expect((await h.request('/bff/logout', { method: 'POST', jar, csrf: true })).status).toBe(204);
    expect(await status(h, stolen)).toBe(401);
    expect(h.logger.events()).toContain('session.revocation_failed');
  });
});
