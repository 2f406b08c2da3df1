import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { DEV_CONSUMER, PUBLIC_CONSUMER } from '../seed/consumers';
import {
  VERIFIER,
  apiGet,
  basicAuth,
  obtainCode,
  s256,
  signIn,
  tokenRequest,
} from '../testing/oauth-client';
import type { TokenResponse } from '../testing/oauth-client';
import { REFRESH_GRACE_MS, REFRESH_TTL_MS } from './grant-store';

const CALLBACK = 'http://localhost:5173/bff/callback';

function clockAt(start: number) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

async function expectOAuthError(response: Response, error: string, description?: string) {
  expect(response.status).toBe(400);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  if (description) expect(body.error_description).toBe(description);
}

describe('POST /site/oauth2/access_token: client authentication and request format', () => {
  const emulator = createEmulator();

  it('treats a JSON body as having no grant type', async () => {
    const response = await emulator.app.request('/site/oauth2/access_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(DEV_CONSUMER) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectOAuthError(response, 'invalid_grant', 'Unsupported grant type: None');
  });

  it('refuses bad client credentials with unauthorized_client', async () => {
    const response = await tokenRequest(
      emulator,
      { grant_type: 'client_credentials' },
      {
        key: DEV_CONSUMER.key,
        secret: 'wrong',
      },
    );
    await expectOAuthError(response, 'unauthorized_client', 'Invalid OAuth client credentials');
    const unknown = await tokenRequest(
      emulator,
      { grant_type: 'client_credentials' },
      { key: 'x', secret: 'y' },
    );
    await expectOAuthError(unknown, 'unauthorized_client', 'Invalid OAuth client credentials');
  });

  it('refuses a request without client credentials', async () => {
    const response = await tokenRequest(emulator, { grant_type: 'client_credentials' }, null);
    await expectOAuthError(response, 'unauthorized_client');
  });

  it('accepts client_id and client_secret in the form body', async () => {
    const response = await tokenRequest(
      emulator,
      {
        grant_type: 'client_credentials',
        client_id: DEV_CONSUMER.key,
        client_secret: DEV_CONSUMER.secret,
      },
      null,
    );
    expect(response.status).toBe(200);
  });

  it('refuses two different client identities in one request', async () => {
    const response = await tokenRequest(emulator, {
      grant_type: 'client_credentials',
      client_id: PUBLIC_CONSUMER.key,
    });
    await expectOAuthError(response, 'unauthorized_client');
  });

  it.each(['password', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code'])(
    'refuses the %s grant',
    async (grantType) => {
      const response = await tokenRequest(emulator, { grant_type: grantType });
      await expectOAuthError(response, 'invalid_grant', `Unsupported grant type: ${grantType}`);
    },
  );

  it('only accepts POST', async () => {
    const response = await emulator.app.request('/site/oauth2/access_token');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('authorization_code grant', () => {
  it('exchanges a code for large bearer tokens with Bitbucket’s response shape', async () => {
    const emulator = createEmulator();
    const code = await obtainCode(emulator);
    const response = await tokenRequest(emulator, { grant_type: 'authorization_code', code });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as TokenResponse;
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(body).toMatchObject({
      expires_in: 7200,
      token_type: 'bearer',
      scope: 'account email pullrequest repository',
    });
    expect(body.access_token.length).toBeGreaterThanOrEqual(2500);
    expect(body.refresh_token?.length).toBeGreaterThanOrEqual(2500);
    expect(body.access_token).not.toBe(body.refresh_token);
    const me = await apiGet(emulator, '/2.0/user', body.access_token);
    expect(((await me.json()) as { nickname: string }).nickname).toBe('alice');
  });

  it('binds the code to the user who consented', async () => {
    const emulator = createEmulator();
    const tokens = await signIn(emulator, 'carol');
    const me = await apiGet(emulator, '/2.0/user', tokens.access_token);
    expect(((await me.json()) as { display_name: string }).display_name).toBe('Carol Nguyen');
  });

  it('honours accessTokenTtlSeconds', async () => {
    const emulator = createEmulator({ accessTokenTtlSeconds: 60 });
    expect((await signIn(emulator)).expires_in).toBe(60);
  });

  it('accepts a code once; a replay fails and revokes the tokens it produced', async () => {
    const emulator = createEmulator();
    const code = await obtainCode(emulator);
    const first = await tokenRequest(emulator, { grant_type: 'authorization_code', code });
    const tokens = (await first.json()) as TokenResponse;
    const replay = await tokenRequest(emulator, { grant_type: 'authorization_code', code });
    await expectOAuthError(replay, 'invalid_grant');
    expect((await apiGet(emulator, '/2.0/user', tokens.access_token)).status).toBe(401);
    const refreshed = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    await expectOAuthError(refreshed, 'invalid_request', 'Invalid refresh_token');
  });

  it('lets a code expire after a few minutes', async () => {
    const clock = clockAt(Date.parse('2026-11-25T10:00:00Z'));
    const emulator = createEmulator({ now: clock.now });
    const code = await obtainCode(emulator);
    clock.t += 5 * 60_000 + 1;
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'authorization_code', code }),
      'invalid_grant',
    );
  });

  it('refuses an unknown code, a missing code and a code issued to another client', async () => {
    const emulator = createEmulator();
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'authorization_code', code: 'nope' }),
      'invalid_grant',
    );
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'authorization_code' }),
      'invalid_request',
    );
    const code = await obtainCode(emulator, { client: PUBLIC_CONSUMER });
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'authorization_code', code }),
      'invalid_grant',
    );
  });

  it('requires the same redirect_uri at the token endpoint when one was sent to authorize', async () => {
    const emulator = createEmulator();
    const redirectUri = `${CALLBACK}?a=1`;
    const missing = await obtainCode(emulator, { redirectUri });
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'authorization_code', code: missing }),
      'invalid_grant',
    );
    const other = await obtainCode(emulator, { redirectUri });
    await expectOAuthError(
      await tokenRequest(emulator, {
        grant_type: 'authorization_code',
        code: other,
        redirect_uri: CALLBACK,
      }),
      'invalid_grant',
    );
    const same = await obtainCode(emulator, { redirectUri });
    const ok = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code: same,
      redirect_uri: redirectUri,
    });
    expect(ok.status).toBe(200);
  });

  it('verifies the S256 code_verifier whenever a challenge was sent', async () => {
    const emulator = createEmulator();
    const challenge = s256(VERIFIER);
    const noVerifier = await obtainCode(emulator, { codeChallenge: challenge });
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'authorization_code', code: noVerifier }),
      'invalid_grant',
    );
    const wrong = await obtainCode(emulator, { codeChallenge: challenge });
    await expectOAuthError(
      await tokenRequest(emulator, {
        grant_type: 'authorization_code',
        code: wrong,
        code_verifier: `${VERIFIER.slice(0, -1)}x`,
      }),
      'invalid_grant',
    );
    const right = await obtainCode(emulator, { codeChallenge: challenge });
    const ok = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code: right,
      code_verifier: VERIFIER,
    });
    expect(ok.status).toBe(200);
  });

  it('accepts a code_verifier when no challenge was sent (clients that always send one)', async () => {
    const emulator = createEmulator();
    const code = await obtainCode(emulator);
    const ok = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code,
      code_verifier: VERIFIER,
    });
    expect(ok.status).toBe(200);
  });
});

describe('refresh_token grant (rotation)', () => {
  it('returns a new access and refresh token; the old refresh token works for a 10-minute grace, then dies', async () => {
    const clock = clockAt(Date.parse('2026-11-25T10:00:00Z'));
    const emulator = createEmulator({ now: clock.now });
    const first = await signIn(emulator);
    const rotated = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as TokenResponse;
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe('account email pullrequest repository');

    clock.t += REFRESH_GRACE_MS - 1_000;
    const inGrace = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(inGrace.status).toBe(200);

    clock.t += 2_000;
    const dead = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    await expectOAuthError(dead, 'invalid_request', 'Invalid refresh_token');
    const stillGood = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token ?? '',
    });
    expect(stillGood.status).toBe(200);
  });

  it('lets an unused refresh token expire after three months', async () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const emulator = createEmulator({ now: clock.now });
    const tokens = await signIn(emulator);
    clock.t += REFRESH_TTL_MS;
    const response = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    await expectOAuthError(response, 'invalid_request', 'Invalid refresh_token');
  });

  it('keeps an unused refresh token working until the three months are up', async () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const emulator = createEmulator({ now: clock.now });
    const tokens = await signIn(emulator);
    clock.t += REFRESH_TTL_MS - 1_000;
    const response = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(response.status).toBe(200);
    // The rotated token starts its own three months.
    const next = (await response.json()) as TokenResponse;
    clock.t += REFRESH_TTL_MS - 1_000;
    expect(
      (
        await tokenRequest(emulator, {
          grant_type: 'refresh_token',
          refresh_token: next.refresh_token ?? '',
        })
      ).status,
    ).toBe(200);
  });

  it('does not extend the grace when the old refresh token is used again within it', async () => {
    const clock = clockAt(Date.parse('2026-11-25T10:00:00Z'));
    const emulator = createEmulator({ now: clock.now });
    const first = await signIn(emulator);
    const refresh = () =>
      tokenRequest(emulator, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token ?? '',
      });
    expect((await refresh()).status).toBe(200);
    clock.t += REFRESH_GRACE_MS / 2;
    expect((await refresh()).status).toBe(200);
    clock.t += REFRESH_GRACE_MS / 2;
    await expectOAuthError(await refresh(), 'invalid_request', 'Invalid refresh_token');
  });

  it('answers a bad refresh token, or another client’s, with "Invalid refresh_token"', async () => {
    const emulator = createEmulator();
    await expectOAuthError(
      await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: 'garbage' }),
      'invalid_request',
      'Invalid refresh_token',
    );
    const tokens = await signIn(emulator, 'alice', PUBLIC_CONSUMER);
    await expectOAuthError(
      await tokenRequest(emulator, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
      }),
      'invalid_request',
      'Invalid refresh_token',
    );
  });

  it('refreshes to a working token after the access token expired', async () => {
    const clock = clockAt(Date.parse('2026-11-25T10:00:00Z'));
    const emulator = createEmulator({ now: clock.now });
    const tokens = await signIn(emulator);
    clock.t += 7200 * 1000;
    expect((await apiGet(emulator, '/2.0/user', tokens.access_token)).status).toBe(401);
    const refreshed = (await (
      await tokenRequest(emulator, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
      })
    ).json()) as TokenResponse;
    expect((await apiGet(emulator, '/2.0/user', refreshed.access_token)).status).toBe(200);
  });

  it('stops refreshing once the user’s grant is revoked', async () => {
    const emulator = createEmulator();
    const alice = await signIn(emulator, 'alice');
    const bob = await signIn(emulator, 'bob');
    emulator.controls.revokeGrants('alice');
    expect((await apiGet(emulator, '/2.0/user', alice.access_token)).status).toBe(401);
    await expectOAuthError(
      await tokenRequest(emulator, {
        grant_type: 'refresh_token',
        refresh_token: alice.refresh_token ?? '',
      }),
      'invalid_request',
    );
    expect((await apiGet(emulator, '/2.0/user', bob.access_token)).status).toBe(200);
  });
});

describe('client_credentials grant', () => {
  it('issues a token without a refresh token to a private consumer; it acts as the app user', async () => {
    const emulator = createEmulator();
    const response = await tokenRequest(emulator, { grant_type: 'client_credentials' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as TokenResponse;
    expect(body.refresh_token).toBeUndefined();
    expect(body.scope).toBe('account email pullrequest repository');
    const me = (await (await apiGet(emulator, '/2.0/user', body.access_token)).json()) as {
      type: string;
    };
    expect(me.type).toBe('app_user');
  });

  it('refuses a consumer that is not private, as Bitbucket does', async () => {
    const emulator = createEmulator();
    const response = await tokenRequest(
      emulator,
      { grant_type: 'client_credentials' },
      PUBLIC_CONSUMER,
    );
    await expectOAuthError(
      response,
      'invalid_grant',
      'Cannot use client_credentials with a consumer marked as "public". Calls for auto generated consumers should use urn:bitbucket:oauth2:jwt instead.',
    );
  });
});
