import { describe, expect, it } from 'vitest';
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import { LOGIN_COOKIE, SESSION_COOKIE, type SessionList } from '@pail/shared';
import { createHarness, type Harness } from '../testing/bff-harness';
import { consent, finishLogin, signIn, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { findSetCookie, type ParsedSetCookie } from '../testing/set-cookie';

const SESSION_ATTRIBUTES = { path: '/', httponly: true, secure: true, samesite: 'Strict' };
const LOGIN_ATTRIBUTES = { path: '/', httponly: true, secure: true, samesite: 'Lax' };

/** The attributes a clearing Set-Cookie must repeat, or the browser keeps the cookie it meant to delete. */
function expectCleared(cookie: ParsedSetCookie | undefined, attributes: object): void {
  expect(cookie?.value).toBe('');
  expect(cookie?.attributes).toEqual({
    ...attributes,
    'max-age': '0',
    expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  });
}

/** An opaque id: 256 random bits, base64url, nothing derived from who signed in. */
function expectOpaqueId(value: string | undefined): void {
  expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(Buffer.from(value ?? '', 'base64url')).toHaveLength(32);
}

async function tokenSignIn(h: Harness, jar: CookieJar): Promise<Response> {
  const alice = SEED_API_TOKENS.aliceRead;
  return h.request('/bff/login/token', {
    method: 'POST',
    jar,
    csrf: true,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: alice.email, token: alice.token }),
  });
}

describe('cookie names', () => {
  it('both carry the __Host- prefix, so a browser refuses them with a Domain, without Secure or off Path=/', () => {
    expect(SESSION_COOKIE).toMatch(/^__Host-/);
    expect(LOGIN_COOKIE).toMatch(/^__Host-/);
  });
});

describe('the session cookie', () => {
  it.each([
    ['an OAuth sign-in', 'oauth'],
    ['a token sign-in', 'token'],
  ] as const)('after %s: every attribute, an opaque id, under 200 bytes', async (_, kind) => {
    const h = createHarness();
    const jar = new CookieJar();
    const response =
      kind === 'oauth' ? (await signIn(h, { jar })).response : await tokenSignIn(h, jar);
    const cookie = findSetCookie(response, SESSION_COOKIE);
    expect(cookie?.attributes).toEqual({
      ...SESSION_ATTRIBUTES,
      'max-age': String(h.config.session.absoluteSeconds),
    });
    expect(cookie?.attributes.domain).toBeUndefined();
    expectOpaqueId(cookie?.value);
    expect(cookie?.raw.length).toBeLessThan(200);
    const { user } = (await (await h.request('/bff/session', { jar, csrf: true })).json()) as {
      user: Record<string, string>;
    };
    for (const value of Object.values(user)) expect(cookie?.value).not.toContain(value);
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('is a new random id at every sign-in, even for the same user in the same second', async () => {
    const h = createHarness();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) ids.add((await signIn(h)).jar.get(SESSION_COOKIE) ?? '');
    expect(ids.size).toBe(5);
  });

  it('is cleared with the same name and attributes on logout, on 401 and when ended from the session list', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    expectCleared(
      findSetCookie(
        await h.request('/bff/logout', { method: 'POST', jar, csrf: true }),
        SESSION_COOKIE,
      ),
      SESSION_ATTRIBUTES,
    );

    const stale = new CookieJar();
    stale.set(SESSION_COOKIE, 'A'.repeat(43));
    expectCleared(
      findSetCookie(await h.request('/bff/session', { jar: stale, csrf: true }), SESSION_COOKIE),
      SESSION_ATTRIBUTES,
    );

    const { jar: again } = await signIn(h);
    const list = (await (
      await h.request('/bff/sessions', { jar: again, csrf: true })
    ).json()) as SessionList;
    const own = list.sessions.find((session) => session.current)?.id ?? '';
    const ended = await h.request(`/bff/sessions/${own}`, {
      method: 'DELETE',
      jar: again,
      csrf: true,
    });
    expect(ended.status).toBe(204);
    expectCleared(findSetCookie(ended, SESSION_COOKIE), SESSION_ATTRIBUTES);
  });
});

describe('the login-transaction cookie', () => {
  it('is Lax, lives at most ten minutes, holds an opaque id, and is under 200 bytes', async () => {
    const h = createHarness();
    const { response } = await startLogin(h, new CookieJar());
    const cookie = findSetCookie(response, LOGIN_COOKIE);
    expect(cookie?.attributes).toEqual({ ...LOGIN_ATTRIBUTES, 'max-age': '600' });
    expectOpaqueId(cookie?.value);
    expect(cookie?.raw.length).toBeLessThan(200);
  });

  it('is deleted, with its own attributes, by every callback: success, failure and forgery', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const success = await finishLogin(h, jar, await consent(h, authorizeUrl));
    expectCleared(findSetCookie(success, LOGIN_COOKIE), LOGIN_ATTRIBUTES);

    const denied = new CookieJar();
    const started = await startLogin(h, denied);
    const deny = await finishLogin(
      h,
      denied,
      await consent(h, started.authorizeUrl, { decision: 'deny' }),
    );
    expectCleared(findSetCookie(deny, LOGIN_COOKIE), LOGIN_ATTRIBUTES);

    const forged = await h.request('/bff/callback?code=x&state=y');
    expectCleared(findSetCookie(forged, LOGIN_COOKIE), LOGIN_ATTRIBUTES);
  });
});

describe('fixation', () => {
  it('a session id planted by an attacker is never adopted: sign-in issues another, and the planted one gets 401', async () => {
    const h = createHarness();
    const planted = 'AttackerChosenIdAttackerChosenIdAttackerChX';
    expect(planted).toHaveLength(43);
    const jar = new CookieJar();
    jar.set(SESSION_COOKIE, planted);
    await signIn(h, { jar });
    expect(jar.get(SESSION_COOKIE)).not.toBe(planted);
    const attacker = new CookieJar();
    attacker.set(SESSION_COOKIE, planted);
    expect((await h.request('/bff/session', { jar: attacker, csrf: true })).status).toBe(401);
    expect(JSON.stringify(h.store.entries())).not.toContain(planted);
  });

  it("a login cookie planted by an attacker is discarded when the victim starts signing in, so the attacker's callback fails", async () => {
    const h = createHarness();
    const attacker = new CookieJar();
    const { authorizeUrl } = await startLogin(h, attacker);
    const attackerCallback = await consent(h, authorizeUrl, { account: 'bob' });

    const victim = new CookieJar();
    victim.set(LOGIN_COOKIE, attacker.get(LOGIN_COOKIE) ?? '');
    await startLogin(h, victim);
    expect(victim.get(LOGIN_COOKIE)).not.toBe(attacker.get(LOGIN_COOKIE));

    const replay = await finishLogin(h, attacker, attackerCallback);
    expect(replay.headers.get('Location')).toBe('/login?error=state_mismatch');
    expect(findSetCookie(replay, SESSION_COOKIE)).toBeUndefined();
    expect(h.tokenRequests()).toHaveLength(0);
  });
});
