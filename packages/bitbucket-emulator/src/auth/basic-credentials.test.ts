import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import {
  APP_PASSWORDS_REMOVED,
  APP_PASSWORDS_REMOVED_DETAIL,
  BASIC_CHALLENGE,
  TOKEN_UNSUPPORTED,
} from './authenticate';
import { SEED_API_TOKENS, SEED_APP_PASSWORDS } from './basic-credentials';

const basic = (user: string, secret: string): string =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

function basicGet(emulator: Emulator, path: string, user: string, secret: string) {
  return Promise.resolve(
    emulator.app.request(path, { headers: { authorization: basic(user, secret) } }),
  );
}

const { aliceRead, aliceExpired, aliceUnscoped, bobRead } = SEED_API_TOKENS;
const appPassword = SEED_APP_PASSWORDS.alice;

async function expectBasic401(response: Response, message: string): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(BASIC_CHALLENGE);
  expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
}

describe('API tokens (Basic atlassian_account_email:api_token)', () => {
  it('authenticate as the token’s user and report its granular scopes', async () => {
    const emulator = createEmulator();
    const response = await basicGet(emulator, '/2.0/user', aliceRead.email, aliceRead.token);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { nickname: string }).nickname).toBe('alice');
    expect(response.headers.get('x-oauth-scopes')).toBe(
      'read:pullrequest:bitbucket, read:repository:bitbucket, read:user:bitbucket, read:workspace:bitbucket',
    );
    expect(response.headers.get('x-accepted-oauth-scopes')).toBe('read:user:bitbucket');
    expect(emulator.controls.requests().at(-1)).toMatchObject({ path: '/2.0/user', auth: 'basic' });
    const bob = await basicGet(emulator, '/2.0/user', bobRead.email, bobRead.token);
    expect(((await bob.json()) as { nickname: string }).nickname).toBe('bob');
  });

  it('match the account email case-insensitively', async () => {
    const emulator = createEmulator();
    const response = await basicGet(
      emulator,
      '/2.0/user',
      aliceRead.email.toUpperCase(),
      aliceRead.token,
    );
    expect(response.status).toBe(200);
  });

  it('refuse a wrong token, another user’s token and a secondary email with 401', async () => {
    const emulator = createEmulator();
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', aliceRead.email, `${aliceRead.token}x`),
      TOKEN_UNSUPPORTED,
    );
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', aliceRead.email, bobRead.token),
      TOKEN_UNSUPPORTED,
    );
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', 'alice@marchetti.example', aliceRead.token),
      TOKEN_UNSUPPORTED,
    );
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', 'nobody@acme.example', aliceRead.token),
      TOKEN_UNSUPPORTED,
    );
  });

  it('are not bearer tokens: sent as Bearer they get 401', async () => {
    const emulator = createEmulator();
    const response = await emulator.app.request('/2.0/user', {
      headers: { authorization: `Bearer ${aliceRead.token}` },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      TOKEN_UNSUPPORTED,
    );
  });

  it('refuse an expired token and an unscoped token with Bitbucket’s 401', async () => {
    const emulator = createEmulator();
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', aliceExpired.email, aliceExpired.token),
      TOKEN_UNSUPPORTED,
    );
    await expectBasic401(
      await basicGet(
        emulator,
        '/2.0/repositories/acme/widgets',
        aliceUnscoped.email,
        aliceUnscoped.token,
      ),
      TOKEN_UNSUPPORTED,
    );
  });

  it('stop working once their expiry passes', async () => {
    const clock = { t: Date.parse('2026-11-25T10:00:00Z') };
    const emulator = createEmulator({ now: () => clock.t });
    const created = emulator.controls.createApiToken({
      user: 'bob',
      scopes: ['read:user:bitbucket'],
      expiresAt: '2026-11-26T10:00:00Z',
    });
    expect(created).toMatchObject({ email: 'bob.okafor@acme.example', nickname: 'bob' });
    expect((await basicGet(emulator, '/2.0/user', created.email, created.token)).status).toBe(200);
    clock.t = Date.parse('2026-11-26T10:00:00Z');
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', created.email, created.token),
      TOKEN_UNSUPPORTED,
    );
    // The seeded tokens last a year from the emulator's start.
    clock.t = Date.parse('2027-11-25T09:59:59Z');
    expect((await basicGet(emulator, '/2.0/user', aliceRead.email, aliceRead.token)).status).toBe(
      200,
    );
  });

  it('can be created and revoked through the controls; a revoked token gets 401', async () => {
    const emulator = createEmulator();
    const created = emulator.controls.createApiToken({
      user: 'alice',
      scopes: ['read:user:bitbucket', 'read:workspace:bitbucket'],
    });
    expect(created.token).not.toBe(aliceRead.token);
    expect((await basicGet(emulator, '/2.0/user', created.email, created.token)).status).toBe(200);
    expect(emulator.controls.revokeApiToken(created.id)).toBe(true);
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', created.email, created.token),
      TOKEN_UNSUPPORTED,
    );
    expect(emulator.controls.revokeApiToken(aliceRead.id)).toBe(true);
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', aliceRead.email, aliceRead.token),
      TOKEN_UNSUPPORTED,
    );
    expect(emulator.controls.revokeApiToken('no-such-id')).toBe(false);
    // Reset brings the seeded tokens back and forgets created ones.
    emulator.controls.reset();
    expect((await basicGet(emulator, '/2.0/user', aliceRead.email, aliceRead.token)).status).toBe(
      200,
    );
    expect((await basicGet(emulator, '/2.0/user', created.email, created.token)).status).toBe(401);
  });

  it('refuse invalid creation requests with a message and create nothing', () => {
    const emulator = createEmulator();
    const create = emulator.controls.createApiToken;
    expect(() => create({ user: 'mallory', scopes: [] })).toThrow(/No seeded user "mallory"/);
    expect(() => create({ user: 'alice', scopes: ['repository'] })).toThrow(/granular scopes/);
    expect(() =>
      create({ user: 'alice', scopes: ['read:user:bitbucket'], workspace: 'nowhere' }),
    ).toThrow(/No workspace "nowhere"/);
    expect(() =>
      create({ user: 'alice', scopes: ['read:user:bitbucket'], expiresAt: 'tomorrow' }),
    ).toThrow(/ISO-8601/);
    expect(() =>
      create({
        user: 'alice',
        scopes: ['read:user:bitbucket'],
        expiresAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString(),
      }),
    ).toThrow(/within a year/);
  });

  it('are managed over HTTP under /_emulator/api-tokens', async () => {
    const emulator = createEmulator();
    const post = (body: unknown, type = 'application/json') =>
      emulator.app.request('/_emulator/api-tokens', {
        method: 'POST',
        headers: { 'content-type': type },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const response = await post({
      user: 'alice',
      scopes: ['read:user:bitbucket'],
      workspace: 'acme',
      expires_at: '2099-01-01T00:00:00Z',
    });
    // The expiry is more than a year ahead.
    expect(response.status).toBe(400);
    const ok = await post({ user: 'alice', scopes: ['read:user:bitbucket'], workspace: 'acme' });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const created = (await ok.json()) as {
      id: string;
      email: string;
      token: string;
      workspace: string;
      scopes: string[];
      expires_at: string;
    };
    expect(created).toMatchObject({
      email: 'alice.marchetti@acme.example',
      workspace: 'acme',
      scopes: ['read:user:bitbucket'],
    });
    expect(Date.parse(created.expires_at)).toBeGreaterThan(Date.now());
    expect((await basicGet(emulator, '/2.0/user', created.email, created.token)).status).toBe(200);

    for (const bad of [
      await post({ user: 'alice' }),
      await post({ user: 'alice', scopes: ['account'] }),
      await post({ scopes: [] }),
      await post('not json'),
      await post([]),
      await post('user=alice', 'application/x-www-form-urlencoded'),
    ]) {
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toEqual(expect.any(String));
    }

    const revoke = (id: string) =>
      emulator.app.request(`/_emulator/api-tokens/${id}`, { method: 'DELETE' });
    expect((await revoke(created.id)).status).toBe(204);
    expect((await basicGet(emulator, '/2.0/user', created.email, created.token)).status).toBe(401);
    expect((await revoke('no-such-id')).status).toBe(404);
    // The controls are not logged as API traffic.
    expect(emulator.controls.requests().every((r) => r.path.startsWith('/2.0/'))).toBe(true);
  });
});

describe('app passwords (Basic bitbucket_username:app_password)', () => {
  it('get the 401 Bitbucket sends since their removal, by default', async () => {
    const emulator = createEmulator();
    const response = await basicGet(emulator, '/2.0/user', 'alice', appPassword.password);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(BASIC_CHALLENGE);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { message: APP_PASSWORDS_REMOVED, detail: APP_PASSWORDS_REMOVED_DETAIL },
    });
    expect(response.headers.get('x-oauth-scopes')).toBeNull();
  });

  it('work as before with appPasswords: accepted, with classic scopes and their implications', async () => {
    const emulator = createEmulator({ appPasswords: 'accepted' });
    const response = await basicGet(emulator, '/2.0/user', 'alice', appPassword.password);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { nickname: string }).nickname).toBe('alice');
    expect(response.headers.get('x-oauth-scopes')).toBe('account, pullrequest, repository');
    expect(
      (await basicGet(emulator, '/2.0/repositories/acme/widgets', 'alice', appPassword.password))
        .status,
    ).toBe(200);
    const emails = await basicGet(emulator, '/2.0/user/emails', 'alice', appPassword.password);
    expect(emails.status).toBe(403);
    expect(await emails.json()).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['email'], granted: ['account', 'pullrequest', 'repository'] },
      },
    });
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', 'alice', 'wrong-password'),
      TOKEN_UNSUPPORTED,
    );
    await expectBasic401(
      await basicGet(emulator, '/2.0/user', 'bob', appPassword.password),
      TOKEN_UNSUPPORTED,
    );
    // API tokens keep working alongside.
    expect((await basicGet(emulator, '/2.0/user', aliceRead.email, aliceRead.token)).status).toBe(
      200,
    );
  });

  it('are switched by the controls, over HTTP too, and reset to the configured mode', async () => {
    const emulator = createEmulator();
    const put = (body: string) =>
      emulator.app.request('/_emulator/app-passwords', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
      });
    expect((await put('{"mode":"accepted"}')).status).toBe(204);
    expect(await (await emulator.app.request('/_emulator/app-passwords')).json()).toEqual({
      mode: 'accepted',
    });
    expect((await basicGet(emulator, '/2.0/user', 'alice', appPassword.password)).status).toBe(200);
    expect((await put('{"mode":"sometimes"}')).status).toBe(400);
    expect((await basicGet(emulator, '/2.0/user', 'alice', appPassword.password)).status).toBe(200);
    emulator.controls.reset();
    expect((await basicGet(emulator, '/2.0/user', 'alice', appPassword.password)).status).toBe(401);
    emulator.controls.setAppPasswords('accepted');
    expect((await basicGet(emulator, '/2.0/user', 'alice', appPassword.password)).status).toBe(200);
    expect(() => emulator.controls.setAppPasswords('maybe' as 'accepted')).toThrow(/removed/);
  });
});
