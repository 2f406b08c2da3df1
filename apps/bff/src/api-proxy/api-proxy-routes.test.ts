import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@pail/shared';
import { createHarness, EMULATOR_ORIGIN, TOKEN_PATH, type Harness } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import { findSetCookie } from '../testing/set-cookie';

const ACCESS_TOKEN_LIFETIME_MS = 7200 * 1000;
/** Inside the 60 s refresh margin, yet short of the 120-minute idle timeout. */
const NEAR_EXPIRY_MS = ACCESS_TOKEN_LIFETIME_MS - 30_000;

async function signedIn(h: Harness = createHarness()) {
  const { jar } = await signIn(h, { account: 'alice' });
  h.emulator.controls.clearRequests();
  return { h, jar };
}

function refreshRequests(h: Harness) {
  return h.upstreamCalls.filter(
    (call) =>
      call.url.pathname === TOKEN_PATH &&
      new URLSearchParams(call.body).get('grant_type') === 'refresh_token',
  );
}

describe('/api/* guards (nothing reaches Bitbucket)', () => {
  it('answers 401 JSON, never a redirect, when signed out', async () => {
    const h = createHarness();
    const response = await h.request('/api/2.0/user', { csrf: true });
    expect(response.status).toBe(401);
    expect(response.headers.get('Location')).toBeNull();
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(h.apiRequests()).toHaveLength(0);
  });

  it.each(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    'refuses %s without X-CSRF even with a session',
    async (method) => {
      const { h, jar } = await signedIn();
      const response = await h.request('/api/2.0/user', { method, jar });
      expect(response.status).toBe(403);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
      expect(h.apiRequests()).toHaveLength(0);
    },
  );

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('answers 405 to %s', async (method) => {
    const { h, jar } = await signedIn();
    const response = await h.request('/api/2.0/repositories/acme', { method, jar, csrf: true });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, HEAD');
    expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect(h.apiRequests()).toHaveLength(0);
  });

  it.each([
    '/api',
    '/api/',
    '/api/2.0/repositories',
    '/api/2.0/workspaces',
    '/api/2.0/repositories/acme/widgets/pullrequests/1/merge',
    '/api/2.0/repositories/acme/widgets/src/main/README.md?at=main',
    '/api/2.0/user/permissions/repositories',
    '/api/site/oauth2/access_token',
  ])('refuses %s as not allowlisted', async (path) => {
    const { h, jar } = await signedIn();
    const response = await h.request(path, { jar, csrf: true });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'path_not_allowed' } });
    expect(h.apiRequests()).toHaveLength(0);
    expect(h.logger.events()).toContain('proxy.path_rejected');
  });

  it.each([
    '/api/2.0/repositories/acme/widgets/../../user',
    '/api/2.0/repositories/%2e%2e/acme',
    '/api/2.0/repositories/acme%2fwidgets',
    '/api/2.0/repositories/..%2f..%2fx',
    '/api/2.0/repositories/%5c%5cevil.test',
    '/api//evil.test/2.0/user',
    '/api/@evil.test/2.0/user',
    '/api/2.0/repositories/acme%00',
    '/api/2.0/user?access_token=mine',
    '/api/2.0/repositories/acme/widgets/src/main/docs/../../../../../user',
    '/api/2.0/repositories/acme/widgets/src/main/docs%2f..%2f..%2fx',
    '/api/2.0/repositories/acme/widgets/pullrequests?state=open',
    // A server that also splits a query on `;` would see parameters the allowlist never checked.
    '/api/2.0/repositories/acme?q=name%20%3D%20%22x%22;access_token=mine',
    '/api/2.0/repositories/acme/widgets/refs/branches?q=x;fields=*',
  ])('refuses the trick %s with 400 (raw request target, as Node sees it)', async (target) => {
    const { h, jar } = await signedIn();
    const response = await h.request(target, {
      jar,
      csrf: true,
      env: { incoming: { url: target } },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(h.apiRequests()).toHaveLength(0);
  });

  it('sends nothing to another host, whatever the path', async () => {
    const { h, jar } = await signedIn();
    for (const path of ['/api//evil.test/x', '/api/http://evil.test/x', '/api/%2F%2Fevil.test']) {
      await h.request(path, { jar, csrf: true });
    }
    expect(h.upstreamCalls.every((call) => call.url.origin === EMULATOR_ORIGIN)).toBe(true);
    expect(h.apiRequests()).toHaveLength(0);
  });
});

describe('/api/* forwarding', () => {
  it("passes Bitbucket's status, JSON and pagination through unchanged", async () => {
    const upstreamBodies: string[] = [];
    const h = createHarness({
      upstream: async (call, forward) => {
        const response = await forward();
        if (call.url.pathname.startsWith('/2.0/'))
          upstreamBodies.push(await response.clone().text());
        return response;
      },
    });
    const { jar } = await signedIn(h);
    upstreamBodies.length = 0;
    const response = await h.request('/api/2.0/repositories/acme?pagelen=25&sort=-updated_on', {
      jar,
      csrf: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const text = await response.text();
    expect(text).toBe(upstreamBodies[0]);
    const page = JSON.parse(text);
    expect(page.values).toHaveLength(25);
    expect(page.next).toEqual(expect.any(String));
    expect(h.apiRequests()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/2.0/repositories/acme',
        auth: 'bearer',
        tokenInQuery: false,
      }),
    ]);
  });

  it("passes Bitbucket's errors through", async () => {
    const { h, jar } = await signedIn();
    const response = await h.request('/api/2.0/repositories/acme/does-not-exist', {
      jar,
      csrf: true,
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { message: expect.any(String) },
    });
  });

  it('answers HEAD with headers only', async () => {
    const { h, jar } = await signedIn();
    const response = await h.request('/api/2.0/user', { method: 'HEAD', jar, csrf: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(h.upstreamCalls.at(-1)?.method).toBe('HEAD');
  });

  it("sends only its own Bearer token and a few known headers, never the browser's", async () => {
    const { h, jar } = await signedIn();
    await h.request('/api/2.0/user', {
      jar,
      csrf: true,
      headers: {
        Cookie: `${jar.header()}; other=1`,
        Authorization: 'Bearer evil',
        'X-Forwarded-For': '203.0.113.7',
        'X-Forwarded-Host': 'evil.test',
        Forwarded: 'for=203.0.113.7',
        'If-None-Match': '"abc"',
        Accept: 'application/json',
        'X-Custom': 'nope',
      },
    });
    const call = h.upstreamCalls.at(-1);
    expect(call?.url.href).toBe(`${EMULATOR_ORIGIN}/2.0/user`);
    const names = [...(call?.headers.keys() ?? [])].sort();
    expect(names).toEqual(['accept', 'authorization', 'if-none-match']);
    const authorization = call?.headers.get('authorization') ?? '';
    expect(authorization).toMatch(/^Bearer /);
    expect(h.secrets.has(authorization.slice('Bearer '.length))).toBe(true);
    expect(call?.headers.get('if-none-match')).toBe('"abc"');
  });

  it('drops upstream cookies and unknown headers, keeps ETag and rate-limit headers', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/user/emails'
          ? new Response('{"values":[]}', {
              status: 200,
              headers: {
                'Content-Type': 'application/json; charset=utf-8',
                ETag: '"v1"',
                'Set-Cookie': 'bb_session=secret; Path=/',
                Connection: 'keep-alive',
                'Keep-Alive': 'timeout=5',
                'X-Internal-Host': 'node-17',
                'X-RateLimit-Limit': '1000',
                'Access-Control-Allow-Origin': '*',
              },
            })
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request('/api/2.0/user/emails', { jar, csrf: true });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('ETag')).toBe('"v1"');
    expect(response.headers.get('X-RateLimit-Limit')).toBe('1000');
    expect(response.headers.get('Connection')).toBeNull();
    expect(response.headers.get('Keep-Alive')).toBeNull();
    expect(response.headers.get('X-Internal-Host')).toBeNull();
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('passes 304 Not Modified through', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/user' && call.headers.get('if-none-match') === '"v1"'
          ? new Response(null, { status: 304, headers: { ETag: '"v1"' } })
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request('/api/2.0/user', {
      jar,
      csrf: true,
      headers: { 'If-None-Match': '"v1"' },
    });
    expect(response.status).toBe(304);
    expect(response.headers.get('ETag')).toBe('"v1"');
  });

  it('does not follow an upstream redirect, so the token never travels elsewhere', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/repositories/acme'
          ? new Response(null, { status: 302, headers: { Location: 'https://evil.test/steal' } })
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request('/api/2.0/repositories/acme', { jar, csrf: true });
    expect(response.status).toBe(502);
    expect(response.headers.get('Location')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    expect(h.upstreamCalls.some((call) => call.url.hostname === 'evil.test')).toBe(false);
  });

  it('answers 504 when Bitbucket hangs, and 502 when it cannot be reached', async () => {
    let mode: 'hang' | 'down' = 'hang';
    const h = createHarness({
      upstreamTimeoutMs: 50,
      upstream: async (call, forward) => {
        if (call.url.pathname !== '/2.0/user/workspaces') return forward();
        if (mode === 'down') throw new TypeError('fetch failed');
        return new Promise((_, reject) => {
          call.signal?.addEventListener('abort', () => reject(call.signal?.reason));
        });
      },
    });
    const { jar } = await signIn(h);
    const hung = await h.request('/api/2.0/user/workspaces', { jar, csrf: true });
    expect(hung.status).toBe(504);
    expect(await hung.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
    mode = 'down';
    const down = await h.request('/api/2.0/user/workspaces', { jar, csrf: true });
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    expect(await (await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
  });
});

describe('/api/* token refresh', () => {
  it('refreshes proactively when the access token is about to expire', async () => {
    const { h, jar } = await signedIn();
    h.clock.advance(NEAR_EXPIRY_MS);
    const response = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(response.status).toBe(200);
    expect(refreshRequests(h)).toHaveLength(1);
    const call = refreshRequests(h)[0];
    expect(call?.headers.get('Authorization')).toMatch(/^Basic /);
    expect(h.apiRequests()).toHaveLength(1);
    expect(h.logger.events()).toContain('session.refreshed');
  });

  it('refreshes once for 20 parallel calls near expiry (single flight), and all succeed', async () => {
    const { h, jar } = await signedIn();
    h.clock.advance(NEAR_EXPIRY_MS);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => h.request('/api/2.0/user', { jar, csrf: true })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(h.tokenRequests()).toHaveLength(1);
  });

  it('refreshes once when Bitbucket expires the tokens early (20 parallel 401s)', async () => {
    const { h, jar } = await signedIn();
    h.emulator.controls.expireAccessTokens();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => h.request('/api/2.0/user', { jar, csrf: true })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(h.tokenRequests()).toHaveLength(1);
  });

  it('stores the rotated refresh token, so refreshing keeps working long after the old one died', async () => {
    // Idle limit raised so three hours between calls do not end the session.
    const { h, jar } = await signedIn(createHarness({ env: { PAIL_SESSION_IDLE_MINUTES: '600' } }));
    for (let round = 1; round <= 3; round += 1) {
      // Well past the emulator's grace for a superseded refresh token.
      h.clock.advance(ACCESS_TOKEN_LIFETIME_MS + 60 * 60_000);
      const response = await h.request('/api/2.0/user', { jar, csrf: true });
      expect(response.status).toBe(200);
      expect(refreshRequests(h)).toHaveLength(round);
    }
    const [first, second] = refreshRequests(h).map((call) =>
      new URLSearchParams(call.body).get('refresh_token'),
    );
    expect(first).not.toBe(second);
  });

  it('ends the session when the grant was revoked (refresh answers 400)', async () => {
    const { h, jar } = await signedIn();
    h.emulator.controls.revokeGrants('alice');
    h.clock.advance(NEAR_EXPIRY_MS);
    const response = await h.request('/api/2.0/user', { jar: jar.clone(), csrf: true });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(401);
    expect(h.store.entries().filter(([key]) => key.startsWith('session:'))).toEqual([]);
    expect(h.logger.events()).toContain('session.refresh_failed');
  });

  it('ends the session when the access token is refused and the refresh token is dead', async () => {
    const { h, jar } = await signedIn();
    h.emulator.controls.expireAccessTokens();
    h.emulator.controls.revokeGrants('alice');
    const response = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(response.status).toBe(401);
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(401);
  });

  it('shows a dead refresh token on /bff/session as 401, not a stale 200', async () => {
    const { h, jar } = await signedIn();
    h.emulator.controls.revokeGrants('alice');
    h.clock.advance(NEAR_EXPIRY_MS);
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(401);
  });

  it('keeps the session when the token endpoint is unreachable (502), and recovers', async () => {
    let down = true;
    const h = createHarness({
      upstream: async (call, forward) => {
        if (
          down &&
          call.url.pathname === TOKEN_PATH &&
          call.body.includes('grant_type=refresh_token')
        ) {
          throw new TypeError('fetch failed');
        }
        return forward();
      },
    });
    const { jar } = await signIn(h);
    h.clock.advance(NEAR_EXPIRY_MS);
    const failed = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(failed.status).toBe(502);
    expect(findSetCookie(failed, SESSION_COOKIE)).toBeUndefined();
    down = false;
    expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
  });

  it('retries a 401 once after refreshing, then passes the 401 through', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/user/emails'
          ? Response.json(
              { type: 'error', error: { message: 'Access token expired.' } },
              { status: 401 },
            )
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request('/api/2.0/user/emails', { jar, csrf: true });
    expect(response.status).toBe(401);
    expect(h.upstreamCalls.filter((call) => call.url.pathname === '/2.0/user/emails')).toHaveLength(
      2,
    );
    expect(refreshRequests(h)).toHaveLength(1);
  });

  it('never leaks a token through any response or log', async () => {
    const { h, jar } = await signedIn();
    h.clock.advance(NEAR_EXPIRY_MS);
    await h.request('/api/2.0/user', { jar, csrf: true });
    await h.request('/api/2.0/repositories/acme/widgets', { jar, csrf: true });
    await h.request('/bff/session', { jar, csrf: true });
    expect(h.secrets.size).toBeGreaterThanOrEqual(5);
    expect(h.leakedSecrets()).toEqual([]);
  });
});
