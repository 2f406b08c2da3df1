import { describe, expect, it } from 'vitest';
import { isBffErrorBody, LOGIN_COOKIE, SESSION_COOKIE, type SessionInfo } from '@pail/shared';
import { createApp } from './app';
import { parseConfig } from './env';
import { createMemoryStore } from './session/memory-store';
import type { SessionStore } from './session/session-store';
import { createHarness } from './testing/bff-harness';
import { consent, finishLogin, startLogin } from './testing/browser';
import { CookieJar } from './testing/cookie-jar';
import { testKey } from './testing/keys';
import { createMemoryLogger } from './testing/memory-logger';

describe('createApp: a whole visit', () => {
  it('signs in, browses, refreshes, signs out — and no secret ever leaves the server', async () => {
    const h = createHarness();
    const jar = new CookieJar();

    const anonymous = await h.request('/bff/session', { jar, csrf: true });
    expect(anonymous.status).toBe(401);

    const { authorizeUrl } = await startLogin(h, jar, '/acme');
    const state = authorizeUrl.searchParams.get('state') ?? '';
    const callbackUrl = await consent(h, authorizeUrl, { account: 'alice' });
    const code = callbackUrl.searchParams.get('code') ?? '';
    const landed = await finishLogin(h, jar, callbackUrl);
    expect(landed.headers.get('Location')).toBe('/acme');
    expect(jar.get(LOGIN_COOKIE)).toBeUndefined();

    const session = await h.request('/bff/session', { jar, csrf: true });
    expect(((await session.json()) as SessionInfo).user.displayName).toBe('Alice Marchetti');

    const workspaces = await h.request('/api/2.0/user/workspaces', { jar, csrf: true });
    expect(workspaces.status).toBe(200);
    const page = (await workspaces.json()) as { values: { workspace: { slug: string } }[] };
    const slugs = page.values.map((access) => access.workspace.slug);
    expect(slugs).toEqual(expect.arrayContaining(['acme', 'alice']));
    expect((await h.request('/api/2.0/workspaces/acme', { jar, csrf: true })).status).toBe(200);
    expect((await h.request('/api/2.0/workspaces/acme/projects', { jar, csrf: true })).status).toBe(
      200,
    );

    // Inside the refresh margin, short of the idle timeout.
    h.clock.advance(7200 * 1000 - 30_000);
    const afterRefresh = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(((await afterRefresh.json()) as { nickname: string }).nickname).toBe('alice');

    const logout = await h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    expect(logout.status).toBe(204);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(401);

    // Every token Bitbucket issued (and the client secret): in no response, no header, no log line.
    expect(h.secrets.size).toBeGreaterThanOrEqual(5);
    expect(h.leakedSecrets()).toEqual([]);
    // The one-time values never reach the logs either.
    const logs = JSON.stringify(h.logger.entries);
    for (const value of [state, code, ...h.store.entries().map(([key]) => key)]) {
      expect(logs).not.toContain(value);
    }
    expect(h.logger.events()).toEqual([
      'login.started',
      'login.succeeded',
      'session.refreshed',
      'logout',
    ]);
    // Bitbucket only ever saw Bearer tokens in headers.
    const apiCalls = h.apiRequests();
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((call) => call.auth === 'bearer' && !call.tokenInQuery)).toBe(true);
  });
});

describe('createApp: everything else', () => {
  it.each(['/bff', '/bff/unknown', '/bff/login/tokens', '/', '/index.html', '/healthz/x'])(
    'answers 404 JSON for %s',
    async (path) => {
      const h = createHarness();
      const response = await h.request(path, { csrf: true });
      expect(response.status).toBe(404);
      expect(isBffErrorBody(await response.json())).toBe(true);
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    },
  );

  it('answers no CORS preflight and sends no CORS headers', async () => {
    const h = createHarness();
    for (const method of ['OPTIONS', 'GET']) {
      const response = await h.request('/bff/session', {
        method,
        headers: {
          Origin: 'https://evil.test',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'x-csrf',
        },
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(
        [...response.headers.keys()].filter((name) => name.startsWith('access-control-')),
      ).toEqual([]);
    }
  });

  it('sends HSTS everywhere when the public URL is https', async () => {
    const h = createHarness({
      env: {
        PAIL_PUBLIC_URL: 'https://pail.example.com',
      },
    });
    for (const path of ['/healthz', '/bff/session', '/nowhere', '/api/2.0/user']) {
      const response = await h.request(path);
      expect(response.headers.get('Strict-Transport-Security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
    }
  });

  describe('in production', () => {
    const PRODUCTION = {
      NODE_ENV: 'production',
      PAIL_PUBLIC_URL: 'https://pail.example.com',
      BITBUCKET_CLIENT_ID: 'consumer-key',
      BITBUCKET_CLIENT_SECRET: 'consumer-secret',
    };

    it('sends HSTS on every response, errors and health checks included', async () => {
      const h = createHarness({ env: PRODUCTION });
      for (const [path, method] of [
        ['/healthz', 'GET'],
        ['/bff/session', 'GET'],
        ['/bff/logout', 'POST'],
        ['/nowhere', 'GET'],
        ['/api/2.0/user', 'GET'],
        ['/bff/login', 'GET'],
      ] as const) {
        const response = await h.request(path, { method });
        expect(response.headers.get('Strict-Transport-Security')).toBe(
          'max-age=31536000; includeSubDomains',
        );
      }
    });

    it('believes X-Forwarded-Proto only from a trusted proxy, and then sends http to https', async () => {
      const untrusted = createHarness({ env: PRODUCTION });
      const ignored = await untrusted.request('/bff/session', {
        csrf: true,
        headers: { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'evil.test' },
      });
      expect(ignored.status).toBe(401);

      const trusted = createHarness({ env: { ...PRODUCTION, PAIL_TRUST_PROXY: '1' } });
      const redirected = await trusted.request('/acme/widgets?tab=readme', {
        headers: { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'evil.test' },
      });
      expect(redirected.status).toBe(308);
      expect(redirected.headers.get('Location')).toBe(
        'https://pail.example.com/acme/widgets?tab=readme',
      );
      const refused = await trusted.request('/bff/logout', {
        method: 'POST',
        csrf: true,
        headers: { 'X-Forwarded-Proto': 'http' },
      });
      expect(refused.status).toBe(403);
      expect(
        (await trusted.request('/healthz', { headers: { 'X-Forwarded-Proto': 'http' } })).status,
      ).toBe(200);
      expect(
        (
          await trusted.request('/bff/session', {
            csrf: true,
            headers: { 'X-Forwarded-Proto': 'https' },
          })
        ).status,
      ).toBe(401);
    });
  });

  it('hides internal failures behind a generic 500 and fails closed', async () => {
    const store: SessionStore = {
      ...createMemoryStore(),
      get: async () => {
        throw new Error('store exploded with SECRET-DETAIL');
      },
    };
    const parsed = parseConfig({ PAIL_SESSION_KEYS: testKey(1) });
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const logger = createMemoryLogger();
    const app = createApp({
      config: parsed.config,
      store,
      fetch: async () => {
        throw new Error('no network');
      },
      now: Date.now,
      logger,
    });
    const response = await app.request('/api/2.0/user', {
      headers: { 'X-CSRF': '1', Cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` },
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Something went wrong inside Pail.' },
    });
    expect(text).not.toContain('SECRET-DETAIL');
    expect(text).not.toMatch(/\s+at \S+ \(/);
    expect(logger.events()).toEqual(['internal_error']);
  });
});
