import { describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import { hashId } from '../crypto/random';
import { createHarness, type Harness } from '../testing/bff-harness';
import { consent, signIn, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { testKey } from '../testing/keys';
import { findSetCookie } from '../testing/set-cookie';

/** Alice in two browsers and Bob in one: every test tampers with one and checks the others live on. */
async function threeSessions() {
  const h = createHarness();
  const alice = (await signIn(h, { account: 'alice' })).jar;
  const aliceLaptop = (await signIn(h, { account: 'alice' })).jar;
  const bob = (await signIn(h, { account: 'bob' })).jar;
  const keyOf = async (jar: CookieJar) => hashId('session', jar.get(SESSION_COOKIE) ?? '');
  return { h, alice, aliceLaptop, bob, keyOf };
}

async function status(h: Harness, jar: CookieJar): Promise<number> {
  return (await h.request('/bff/session?slide=false', { jar, csrf: true })).status;
}

function flipCharAt(text: string, index: number): string {
  const at = index < 0 ? text.length + index : index;
  const replacement = text[at] === 'A' ? 'B' : 'A';
  return `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
}

function expectCleared(response: Response): void {
  expect(response.status).toBe(401);
  expect(response.headers.get('Location')).toBeNull();
  expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
}

describe('a tampered session cookie gets 401 and changes nothing', () => {
  it.each([
    ['one character changed', (id: string) => flipCharAt(id, 10)],
    ['the last character changed', (id: string) => flipCharAt(id, -1)],
    ['truncated by one character', (id: string) => id.slice(0, -1)],
    ['truncated to half', (id: string) => id.slice(0, 21)],
    ['extended by one character', (id: string) => `${id}A`],
    ['with base64 padding', (id: string) => `${id}=`],
    [
      'upper-cased',
      (id: string) => (id.toUpperCase() === id ? id.toLowerCase() : id.toUpperCase()),
    ],
    ['percent-encoded', (id: string) => encodeURIComponent(`${id}=`)],
    ['empty', () => ''],
    ['all zeros', () => 'A'.repeat(43)],
    ['its own store key', () => 'store-key'],
  ])('%s', async (_, forge) => {
    const { h, alice, aliceLaptop, bob, keyOf } = await threeSessions();
    const original = alice.get(SESSION_COOKIE) ?? '';
    const value = forge(original) === 'store-key' ? await keyOf(alice) : forge(original);
    const before = JSON.stringify(h.store.entries());
    const apiCalls = h.apiRequests().length;
    /** A fresh jar each time: the browser drops the cookie once it is cleared. */
    const forged = () => {
      const jar = new CookieJar();
      jar.set(SESSION_COOKIE, value);
      return jar;
    };
    for (const path of ['/bff/session', '/api/2.0/user', '/bff/sessions', '/bff/usage']) {
      expectCleared(await h.request(path, { jar: forged(), csrf: true }));
    }
    const raw = await h.request('/acme/widgets/raw/main/README.md', { jar: forged() });
    expect(raw.status).toBe(302);
    expect(h.apiRequests()).toHaveLength(apiCalls);
    expect(JSON.stringify(h.store.entries())).toBe(before);
    for (const jar of [alice, aliceLaptop, bob]) expect(await status(h, jar)).toBe(200);
  });

  it("Bob's cookie in Alice's browser is Bob's session, and a mix of both is no one's", async () => {
    const { h, alice, bob } = await threeSessions();
    const a = alice.get(SESSION_COOKIE) ?? '';
    const b = bob.get(SESSION_COOKIE) ?? '';
    const spliced = new CookieJar();
    spliced.set(SESSION_COOKIE, `${a.slice(0, 21)}${b.slice(21)}`);
    expectCleared(await h.request('/bff/session', { jar: spliced, csrf: true }));
    expect(await status(h, alice)).toBe(200);
    expect(await status(h, bob)).toBe(200);
  });
});

describe('a tampered sealed record gets 401, is deleted, and no other session is touched', () => {
  it.each([
    ['a flipped byte in the ciphertext', (sealed: string) => flipCharAt(sealed, -2)],
    ['a flipped byte in the IV', (sealed: string) => flipCharAt(sealed, sealed.indexOf('.') + 3)],
    ['a truncated record', (sealed: string) => sealed.slice(0, -8)],
    ['an empty record', () => ''],
    ['a plaintext record', () => JSON.stringify({ v: 1, accessToken: 'x' })],
  ])('%s', async (_, tamper) => {
    const { h, alice, aliceLaptop, bob, keyOf } = await threeSessions();
    const key = await keyOf(alice);
    const sealed = (await h.store.get(key)) ?? '';
    expect(sealed).not.toBe('');
    await h.store.set(key, tamper(sealed), 3600);
    const others = await Promise.all([keyOf(aliceLaptop), keyOf(bob)]);
    const othersBefore = await Promise.all(others.map((k) => h.store.get(k)));
    const apiCalls = h.apiRequests().length;

    expectCleared(await h.request('/api/2.0/user', { jar: alice, csrf: true }));
    expect(await h.store.get(key)).toBeUndefined();
    expect(await Promise.all(others.map((k) => h.store.get(k)))).toEqual(othersBefore);
    expect(await status(h, aliceLaptop)).toBe(200);
    expect(await status(h, bob)).toBe(200);
    expect(h.apiRequests()).toHaveLength(apiCalls);
  });

  it("swapping Alice's and Bob's records rejects both, leaving Alice's other session alone", async () => {
    const { h, alice, aliceLaptop, bob, keyOf } = await threeSessions();
    const [a, b] = await Promise.all([keyOf(alice), keyOf(bob)]);
    const [sealedA, sealedB] = await Promise.all([h.store.get(a), h.store.get(b)]);
    await h.store.set(a, sealedB ?? '', 3600);
    await h.store.set(b, sealedA ?? '', 3600);
    expectCleared(await h.request('/bff/session', { jar: alice, csrf: true }));
    expectCleared(await h.request('/bff/session', { jar: bob, csrf: true }));
    expect(await status(h, aliceLaptop)).toBe(200);
  });

  it('a record sealed under a key this BFF does not hold gets 401', async () => {
    const { h, alice, bob } = await threeSessions();
    h.rebuild({ PAIL_SESSION_KEYS: testKey(2) });
    expectCleared(await h.request('/bff/session', { jar: alice, csrf: true }));
    h.rebuild({ PAIL_SESSION_KEYS: testKey(1) });
    expect(await status(h, bob)).toBe(200);
  });
});

describe('expired sessions', () => {
  it('end on their own, while a session in use lives on', async () => {
    const { h, alice, aliceLaptop, bob } = await threeSessions();
    // Bob keeps working; Alice's browsers sit idle past the 120-minute idle timeout.
    for (let minute = 0; minute < 130; minute += 10) {
      h.clock.advance(10 * 60_000);
      expect((await h.request('/bff/session', { jar: bob, csrf: true })).status).toBe(200);
    }
    expectCleared(await h.request('/bff/session', { jar: alice, csrf: true }));
    expectCleared(await h.request('/api/2.0/user', { jar: aliceLaptop, csrf: true }));
    expect(await status(h, bob)).toBe(200);
  });
});

describe('what the store holds', () => {
  it('never the raw session id, login id, state, verifier or any token, through a whole visit', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const { response: started, authorizeUrl } = await startLogin(h, jar);
    const loginId = findSetCookie(started, LOGIN_COOKIE)?.value ?? '';
    const state = authorizeUrl.searchParams.get('state') ?? '';
    const duringLogin = JSON.stringify(h.store.entries());
    const callbackUrl = await consent(h, authorizeUrl);
    const code = callbackUrl.searchParams.get('code') ?? '';
    await h.request(callbackUrl.pathname + callbackUrl.search, { jar });
    const sessionId = jar.get(SESSION_COOKIE) ?? '';
    expect(sessionId).not.toBe('');
    await h.request('/api/2.0/user', { jar, csrf: true });
    h.clock.advance(7200 * 1000 - 30_000);
    await h.request('/api/2.0/user', { jar, csrf: true });
    const afterRefresh = JSON.stringify(h.store.entries());

    const verifier =
      new URLSearchParams(
        h.upstreamCalls.find((call) => call.url.pathname.endsWith('/access_token'))?.body,
      ).get('code_verifier') ?? '';
    expect(verifier).not.toBe('');
    for (const dump of [duringLogin, afterRefresh]) {
      for (const secret of [loginId, state, code, verifier, sessionId, ...h.secrets]) {
        expect(dump).not.toContain(secret);
      }
    }
    expect(h.secrets.size).toBeGreaterThanOrEqual(5);
  });
});
