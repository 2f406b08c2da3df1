import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { apiGet, signIn } from '../testing/oauth-client';
import { TOKEN_EXPIRED, TOKEN_UNSUPPORTED } from './authenticate';

async function errorMessage(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('REST authentication', () => {
  it('answers a request without credentials with a 401 JSON error', async () => {
    const emulator = createEmulator();
    const response = await apiGet(emulator, '/2.0/user', undefined);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { type: string }).type).toBe('error');
  });

  it('rejects an access token in the query string, even a valid one', async () => {
    const emulator = createEmulator();
    const { access_token: token } = await signIn(emulator);
    const response = await emulator.app.request(`/2.0/user?access_token=${token}`);
    expect(response.status).toBe(401);
    const both = await apiGet(emulator, `/2.0/user?access_token=${token}`, token);
    expect(both.status).toBe(401);
    expect(emulator.controls.requests().at(-1)).toMatchObject({
      tokenInQuery: true,
      auth: 'bearer',
    });
  });

  it('rejects an access token in a form body', async () => {
    const emulator = createEmulator();
    const { access_token: token } = await signIn(emulator);
    const response = await emulator.app.request('/2.0/user', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: token }),
    });
    expect(response.status).toBe(401);
  });

  it('answers an unknown bearer token with 401', async () => {
    const emulator = createEmulator();
    const response = await apiGet(emulator, '/2.0/user', 'not-a-token');
    expect(response.status).toBe(401);
    expect(await errorMessage(response)).toBe(TOKEN_UNSUPPORTED);
  });

  it('answers an expired token with Bitbucket’s exact body', async () => {
    const clock = { t: Date.parse('2026-11-25T10:00:00Z') };
    const emulator = createEmulator({ now: () => clock.t });
    const { access_token: token } = await signIn(emulator);
    clock.t += 7199 * 1000;
    expect((await apiGet(emulator, '/2.0/user', token)).status).toBe(200);
    clock.t += 1000;
    const response = await apiGet(emulator, '/2.0/user', token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: 'error', error: { message: TOKEN_EXPIRED } });
  });

  it('expires every issued access token on demand (controls)', async () => {
    const emulator = createEmulator();
    const { access_token: token } = await signIn(emulator);
    emulator.controls.expireAccessTokens();
    expect(await errorMessage(await apiGet(emulator, '/2.0/user', token))).toBe(TOKEN_EXPIRED);
    const fresh = await signIn(emulator);
    expect((await apiGet(emulator, '/2.0/user', fresh.access_token)).status).toBe(200);
  });

  it('lets a Basic credential verifier replace the emulated one', async () => {
    const emulator = createEmulator({
      basicCredentialVerifier: (username, secret) =>
        username === 'build-bot@acme.example' && secret === 'custom-token'
          ? {
              ok: true,
              principal: {
                kind: 'user',
                user: {
                  nickname: 'alice',
                  displayName: 'Alice Marchetti',
                  uuid: '{x}',
                  accountId: 'x',
                  createdOn: '2016-04-11T08:15:42.118204+00:00',
                  emails: [],
                },
              },
              scopes: ['read:user:bitbucket'],
              via: 'api_token',
            }
          : { ok: false, message: 'nope' },
    });
    const good = await emulator.app.request('/2.0/user', {
      headers: {
        authorization: `Basic ${Buffer.from('build-bot@acme.example:custom-token').toString('base64')}`,
      },
    });
    expect(good.status).toBe(200);
    const bad = await emulator.app.request('/2.0/user', {
      headers: { authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` },
    });
    expect(bad.status).toBe(401);
    expect(await errorMessage(bad)).toBe('nope');
  });

  it('answers a Basic header that is not base64 user:secret with 401 and a Basic challenge', async () => {
    const emulator = createEmulator();
    const response = await emulator.app.request('/2.0/user', {
      headers: { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Bitbucket.org HTTP"');
    expect(await errorMessage(response)).toBe(TOKEN_UNSUPPORTED);
  });

  it('refuses other schemes', async () => {
    const emulator = createEmulator();
    const response = await emulator.app.request('/2.0/user', {
      headers: { authorization: 'JWT abc' },
    });
    expect(response.status).toBe(401);
  });
});
