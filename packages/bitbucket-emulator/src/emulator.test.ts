import { describe, expect, it } from 'vitest';
import { DEV_CONSUMER, SEED_USERS, createEmulator } from './index';
import { apiGet, basicAuth, obtainCode, signIn } from './testing/oauth-client';

describe('createEmulator', () => {
  it('does nothing until asked: two emulators share no state', async () => {
    const a = createEmulator();
    const b = createEmulator();
    const { access_token: token } = await signIn(a);
    expect((await apiGet(a, '/2.0/user', token)).status).toBe(200);
    expect((await apiGet(b, '/2.0/user', token)).status).toBe(401);
    expect(b.controls.requests()).toHaveLength(1);
    expect(a.controls.requests().length).toBeGreaterThan(1);
  });

  it('exports the seeded users and the dev consumer', () => {
    expect(SEED_USERS.map((u) => [u.nickname, u.displayName])).toEqual([
      ['alice', 'Alice Marchetti'],
      ['bob', 'Bob Okafor'],
      ['carol', 'Carol Nguyen'],
      ['dave', 'Dave Lindqvist'],
    ]);
    expect(DEV_CONSUMER).toEqual({ key: 'pail-dev', secret: 'pail-dev-secret' });
  });

  it('uses the origin option in links', async () => {
    const emulator = createEmulator({ origin: 'https://bb.example/' });
    expect(emulator.origin).toBe('https://bb.example');
    const { access_token: token } = await signIn(emulator);
    const user = (await (await apiGet(emulator, '/2.0/user', token)).json()) as {
      links: { avatar: { href: string } };
    };
    expect(user.links.avatar.href).toBe('https://bb.example/avatars/users/alice.svg');
  });

  it('uses the callbackUrl option as the consumers’ registered callback', async () => {
    const emulator = createEmulator({ callbackUrl: 'https://pail.example/bff/callback' });
    const response = await emulator.app.request('/site/oauth2/authorize/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'pail-dev',
        response_type: 'code',
        account: 'bob',
        decision: 'grant',
      }),
    });
    expect(response.headers.get('location')).toMatch(
      /^https:\/\/pail\.example\/bff\/callback\?code=/,
    );
  });
});

describe('emulator.fetch', () => {
  it('serves the emulator origin in-process, like a real fetch', async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch('http://localhost:8090/site/oauth2/access_token', {
      method: 'POST',
      headers: { authorization: basicAuth(DEV_CONSUMER) },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const user = await emulator.fetch(
      new Request('http://localhost:8090/2.0/user', {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(user.status).toBe(200);
  });

  it('throws for any other origin, so tests never reach the network', async () => {
    const emulator = createEmulator();
    await expect(emulator.fetch('https://api.bitbucket.org/2.0/user')).rejects.toThrow(TypeError);
  });

  it('returns a redirect as is with redirect: manual, and refuses to follow it off the emulator', async () => {
    const emulator = createEmulator();
    const url =
      'http://localhost:8090/site/oauth2/authorize?client_id=pail-dev&response_type=token';
    const manual = await emulator.fetch(url, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    await expect(emulator.fetch(url)).rejects.toThrow(/only serves/);
  });
});

describe('test controls', () => {
  it('records every request with its auth kind, and clears the log', async () => {
    const emulator = createEmulator({ now: () => 1_700_000_000_000 });
    const { access_token: token } = await signIn(emulator);
    emulator.controls.clearRequests();
    await apiGet(emulator, '/2.0/repositories/acme?pagelen=5', token);
    await emulator.app.request('/2.0/user');
    expect(emulator.controls.requests()).toEqual([
      {
        method: 'GET',
        path: '/2.0/repositories/acme',
        query: 'pagelen=5',
        auth: 'bearer',
        tokenInQuery: false,
        at: 1_700_000_000_000,
        status: 200,
      },
      {
        method: 'GET',
        path: '/2.0/user',
        query: '',
        auth: 'none',
        tokenInQuery: false,
        at: 1_700_000_000_000,
        status: 401,
      },
    ]);
  });

  it('exposes the same controls over HTTP under /_emulator/*', async () => {
    const emulator = createEmulator();
    const alice = await signIn(emulator, 'alice');
    const bob = await signIn(emulator, 'bob');
    const log = (await (await emulator.app.request('/_emulator/requests')).json()) as {
      path: string;
    }[];
    expect(log.map((r) => r.path)).toContain('/site/oauth2/access_token');
    expect(log.some((r) => r.path.startsWith('/_emulator'))).toBe(false);

    expect((await emulator.app.request('/_emulator/requests', { method: 'DELETE' })).status).toBe(
      204,
    );
    expect(await (await emulator.app.request('/_emulator/requests')).json()).toEqual([]);

    expect(
      (await emulator.app.request('/_emulator/revoke?user=alice', { method: 'POST' })).status,
    ).toBe(204);
    expect((await apiGet(emulator, '/2.0/user', alice.access_token)).status).toBe(401);
    expect((await apiGet(emulator, '/2.0/user', bob.access_token)).status).toBe(200);
    expect(
      (await emulator.app.request('/_emulator/revoke?user=mallory', { method: 'POST' })).status,
    ).toBe(400);

    expect(
      (await emulator.app.request('/_emulator/expire-tokens', { method: 'POST' })).status,
    ).toBe(204);
    const expired = (await (await apiGet(emulator, '/2.0/user', bob.access_token)).json()) as {
      error: { message: string };
    };
    expect(expired.error.message).toMatch(/^Access token expired/);

    const carol = await signIn(emulator, 'carol');
    expect((await emulator.app.request('/_emulator/revoke', { method: 'POST' })).status).toBe(204);
    expect((await apiGet(emulator, '/2.0/user', carol.access_token)).status).toBe(401);
  });

  it('reset forgets tokens, codes and the log', async () => {
    const emulator = createEmulator();
    const { access_token: token } = await signIn(emulator);
    const code = await obtainCode(emulator);
    expect((await emulator.app.request('/_emulator/reset', { method: 'POST' })).status).toBe(204);
    expect(emulator.controls.requests()).toEqual([]);
    expect((await apiGet(emulator, '/2.0/user', token)).status).toBe(401);
    const exchange = await emulator.app.request('/site/oauth2/access_token', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth(DEV_CONSUMER),
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code }),
    });
    expect(exchange.status).toBe(400);
  });
});

describe('avatars', () => {
  it('serves a favicon, linked from its own pages, so browsers log no 404', async () => {
    const emulator = createEmulator();
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const icon = await emulator.app.request(path);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(await icon.text()).toMatch(/^<svg [^>]*>.*<\/svg>$/);
    }
    const consent = await emulator.app.request(
      '/site/oauth2/authorize?client_id=pail-dev&response_type=code&state=s',
    );
    expect(await consent.text()).toContain('<link rel="icon" href="/favicon.svg"');
  });

  it('serves deterministic SVG initials for users, workspaces, projects and repositories', async () => {
    const emulator = createEmulator();
    const alice = await emulator.app.request('/avatars/users/alice.svg');
    expect(alice.status).toBe(200);
    expect(alice.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(alice.headers.get('content-security-policy')).toContain("default-src 'none'");
    const svg = await alice.text();
    expect(svg).toContain('>AM</text>');
    expect(svg).toContain('<circle');
    expect(await (await emulator.app.request('/avatars/users/alice.svg')).text()).toBe(svg);
    expect(await (await emulator.app.request('/avatars/workspaces/acme.svg')).text()).toContain(
      '>AC</text>',
    );
    expect(await (await emulator.app.request('/avatars/projects/acme/DS.svg')).text()).toContain(
      '>DS</text>',
    );
    expect(
      await (await emulator.app.request('/avatars/repositories/acme/billing-service.svg')).text(),
    ).toContain('>BS</text>');
    expect((await emulator.app.request('/avatars/users/mallory.svg')).status).toBe(404);
  });
});
