import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import { DEV_CONSUMER, PUBLIC_CONSUMER } from '../seed/consumers';
import { apiGet, basicAuth, signIn, tokenRequest } from '../testing/oauth-client';
import type { Client } from '../testing/oauth-client';
import { REVOCATION_PATH } from './revoke';

function revoke(
  emulator: Emulator,
  params: Record<string, string>,
  client: Client | null = DEV_CONSUMER,
): Promise<Response> {
  return Promise.resolve(
    emulator.app.request(REVOCATION_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(client ? { authorization: basicAuth(client) } : {}),
      },
      body: new URLSearchParams(params),
    }),
  );
}

const refreshWith = (emulator: Emulator, token: string | undefined, client?: Client) =>
  tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: token ?? '' }, client);

async function expectRevoked(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.text()).toBe('');
}

describe('POST /site/oauth2/revoke (RFC 7009)', () => {
  it('is not served unless enabled, as Bitbucket has none', async () => {
    const emulator = createEmulator();
    const { refresh_token: token } = await signIn(emulator);
    const response = await revoke(emulator, { token: token ?? '' });
    expect(response.status).toBe(404);
    expect((await refreshWith(emulator, token)).status).toBe(200);
  });

  it('revoking a refresh token ends the grant: its refresh and access tokens, rotated ones too', async () => {
    const emulator = createEmulator({ revocationEndpoint: true });
    const first = await signIn(emulator);
    const rotated = await refreshWith(emulator, first.refresh_token);
    const second = (await rotated.json()) as { access_token: string; refresh_token: string };
    const other = await signIn(emulator, 'bob');

    await expectRevoked(
      await revoke(emulator, {
        token: first.refresh_token ?? '',
        token_type_hint: 'refresh_token',
      }),
    );
    for (const token of [first.access_token, second.access_token]) {
      expect((await apiGet(emulator, '/2.0/user', token)).status).toBe(401);
    }
    for (const token of [first.refresh_token, second.refresh_token]) {
      const response = await refreshWith(emulator, token);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: 'Invalid refresh_token',
      });
    }
    // Other grants are untouched.
    expect((await apiGet(emulator, '/2.0/user', other.access_token)).status).toBe(200);
    // Revoking again is still a success.
    await expectRevoked(await revoke(emulator, { token: first.refresh_token ?? '' }));
  });

  it('revoking an access token ends only that token, whatever the hint says', async () => {
    const emulator = createEmulator({ revocationEndpoint: true });
    const tokens = await signIn(emulator);
    await expectRevoked(
      await revoke(emulator, { token: tokens.access_token, token_type_hint: 'refresh_token' }),
    );
    expect((await apiGet(emulator, '/2.0/user', tokens.access_token)).status).toBe(401);
    const refreshed = await refreshWith(emulator, tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as { access_token: string };
    expect((await apiGet(emulator, '/2.0/user', fresh.access_token)).status).toBe(200);
  });

  it('answers 200 for an unknown token and accepts client credentials in the body', async () => {
    const emulator = createEmulator({ revocationEndpoint: true });
    await expectRevoked(await revoke(emulator, { token: 'never-issued' }));
    await expectRevoked(
      await revoke(
        emulator,
        { token: 'never-issued', client_id: DEV_CONSUMER.key, client_secret: DEV_CONSUMER.secret },
        null,
      ),
    );
  });

  it('refuses a client without credentials, or with wrong ones, with 401 invalid_client', async () => {
    const emulator = createEmulator({ revocationEndpoint: true });
    const tokens = await signIn(emulator);
    for (const response of [
      await revoke(emulator, { token: tokens.refresh_token ?? '' }, null),
      await revoke(
        emulator,
        { token: tokens.refresh_token ?? '' },
        { key: DEV_CONSUMER.key, secret: 'wrong' },
      ),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
    }
    expect((await refreshWith(emulator, tokens.refresh_token)).status).toBe(200);
  });

  it('refuses to revoke another client’s token, and a request without a token', async () => {
    const emulator = createEmulator({ revocationEndpoint: true });
    const tokens = await signIn(emulator);
    const foreign = await revoke(emulator, { token: tokens.refresh_token ?? '' }, PUBLIC_CONSUMER);
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: string }).error).toBe('invalid_request');
    expect((await apiGet(emulator, '/2.0/user', tokens.access_token)).status).toBe(200);

    const missing = await revoke(emulator, {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing token parameter.',
    });
    // A JSON body carries no form parameters.
    const json = await emulator.app.request(REVOCATION_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(DEV_CONSUMER) },
      body: JSON.stringify({ token: tokens.refresh_token }),
    });
    expect(json.status).toBe(400);
    expect((await refreshWith(emulator, tokens.refresh_token)).status).toBe(200);
  });

  it('only accepts POST and is logged like any other request', async () => {
    const emulator = createEmulator({ revocationEndpoint: true });
    const response = await emulator.app.request(REVOCATION_PATH);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    await revoke(emulator, { token: 'x' });
    expect(emulator.controls.requests().map((r) => `${r.method} ${r.path} ${r.auth}`)).toEqual([
      `GET ${REVOCATION_PATH} none`,
      `POST ${REVOCATION_PATH} basic`,
    ]);
  });
});
