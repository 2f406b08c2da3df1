import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@pail/shared';
import { createKeyRing } from '../crypto/seal';
import { createHarness, TOKEN_PATH, type Harness, type UpstreamCall } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import type { CookieJar } from '../testing/cookie-jar';
import { testKeyBytes } from '../testing/keys';
import { findSetCookie } from '../testing/set-cookie';

/** Past the two-hour access token, short of the 120-minute idle timeout's end after the last touch. */
const PAST_EXPIRY_MS = 7200 * 1000 + 1_000;

function refreshCalls(h: Harness): UpstreamCall[] {
  return h.upstreamCalls.filter(
    (call) =>
      call.url.pathname === TOKEN_PATH &&
      new URLSearchParams(call.body).get('grant_type') === 'refresh_token',
  );
}

/** The session records as stored, opened with the test key: what the BFF would read back. */
async function storedSessions(h: Harness): Promise<Array<Record<string, unknown>>> {
  const ring = await createKeyRing([testKeyBytes(1)]);
  const records = [];
  for (const [key, sealed] of h.store.entries()) {
    if (!key.startsWith('session:')) continue;
    records.push(JSON.parse((await ring.unseal(sealed, key)) ?? 'null') as Record<string, unknown>);
  }
  return records;
}

/** Keeps the session from idling out while the clock jumps past the access token's life. */
async function keepActive(h: Harness, jar: CookieJar) {
  h.clock.advance(60 * 60_000);
  expect((await h.request('/bff/session?slide=true', { jar, csrf: true })).status).toBe(200);
  h.clock.advance(PAST_EXPIRY_MS - 60 * 60_000);
}

describe('refresh', () => {
  it('makes exactly one token-endpoint call for 50 parallel API calls on an expired token', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    await keepActive(h, jar);
    const before = await storedSessions(h);

    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.request('/api/2.0/user', { jar: jar.clone(), csrf: true }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(refreshCalls(h)).toHaveLength(1);

    // The rotated refresh token and the new access token went into the store together, in one record.
    const [after] = await storedSessions(h);
    expect(after?.refreshToken).not.toBe(before[0]?.refreshToken);
    expect(h.secrets.has(String(after?.refreshToken))).toBe(true);
    expect(h.secrets.has(String(after?.accessToken))).toBe(true);
    expect(after?.accessTokenExpiresAt).toBe(h.clock.now() + 7200 * 1000);
    // Every one of the 50 upstream calls carried the one new access token.
    const apiCalls = h.upstreamCalls.filter((call) => call.url.pathname === '/2.0/user').slice(-50);
    expect(apiCalls).toHaveLength(50);
    expect(
      apiCalls.every(
        (call) => call.headers.get('Authorization') === `Bearer ${String(after?.accessToken)}`,
      ),
    ).toBe(true);
  });

  it('refreshes once when Bitbucket says every parallel call’s token has expired early', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    h.emulator.controls.expireAccessTokens();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.request('/api/2.0/user', { jar: jar.clone(), csrf: true }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(refreshCalls(h)).toHaveLength(1);
  });

  it('ends the session when the grant is revoked at Bitbucket', async () => {
    const h = createHarness();
    const { jar } = await signIn(h, { account: 'alice' });
    const { jar: bob } = await signIn(h, { account: 'bob' });
    h.emulator.controls.revokeGrants('alice');

    const response = await h.request('/api/2.0/user', { jar: jar.clone(), csrf: true });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(401);
    expect(refreshCalls(h)).toHaveLength(1);
    expect(h.logger.entries).toContainEqual(
      expect.objectContaining({
        event: 'session.refresh_failed',
        props: expect.objectContaining({ reason: 'rejected', oauthError: 'invalid_request' }),
      }),
    );
    // Someone else's grant is untouched.
    expect((await h.request('/api/2.0/user', { jar: bob, csrf: true })).status).toBe(200);
  });

  it.each([
    ['invalid_grant', 400],
    ['invalid_request', 400],
    ['unauthorized_client', 400],
  ])('ends the session when the refresh answers %s, and /bff/session says 401', async (error) => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === TOKEN_PATH && call.body.includes('grant_type=refresh_token')
          ? Response.json({ error, error_description: 'Invalid refresh_token' }, { status: 400 })
          : forward(),
    });
    const { jar } = await signIn(h);
    await keepActive(h, jar);
    const response = await h.request('/bff/session', { jar, csrf: true });
    expect(response.status).toBe(401);
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect(await storedSessions(h)).toEqual([]);
    expect(JSON.stringify(h.responses)).not.toContain('Invalid refresh_token');
  });

  it('ends the session when the refresh token has died of old age at Bitbucket', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    await keepActive(h, jar);
    // The same refresh token, used again after its rotation grace: Bitbucket no longer knows it.
    const [record] = await storedSessions(h);
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
    const reuse = await h.emulator.fetch(`${h.emulator.origin}${TOKEN_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('pail-dev:pail-dev-secret').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: String(record?.refreshToken),
      }).toString(),
    });
    // Within the grace period the superseded token still works at Bitbucket…
    expect(reuse.status).toBe(200);
    h.clock.advance(11 * 60_000);
    const again = await h.emulator.fetch(`${h.emulator.origin}${TOKEN_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('pail-dev:pail-dev-secret').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: String(record?.refreshToken),
      }).toString(),
    });
    // …and after it, not: which is why the BFF always stores the rotated one.
    expect(again.status).toBe(400);
    const [current] = await storedSessions(h);
    expect(current?.refreshToken).not.toBe(record?.refreshToken);
  });

  it('keeps the session when the token endpoint is down, and refreshes once it is back', async () => {
    let down = true;
    const h = createHarness({
      upstream: async (call, forward) =>
        down && call.url.pathname === TOKEN_PATH && call.body.includes('grant_type=refresh_token')
          ? new Response('oops', { status: 503 })
          : forward(),
    });
    const { jar } = await signIn(h);
    await keepActive(h, jar);
    const failed = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(failed.status).toBe(502);
    expect(findSetCookie(failed, SESSION_COOKIE)).toBeUndefined();
    down = false;
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
  });
});
