import { exports } from 'cloudflare:workers';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashId } from '../crypto/random';
import { BFF_CONTENT_SECURITY_POLICY } from '../middleware/security-headers/security-headers';
import { setCookies } from '../testing/set-cookie';
import { bindings, createWorkerHarness } from './testing/worker-harness';
import { readWorkerConfig, type WorkerEnv } from './worker-app';

/** Every key the SESSIONS namespace holds, with its value. */
async function kvDump(): Promise<Array<[string, string]>> {
  const { keys } = await bindings.SESSIONS.list();
  return Promise.all(
    keys.map(
      async ({ name }) => [name, (await bindings.SESSIONS.get(name)) ?? ''] as [string, string],
    ),
  );
}

describe('the BFF inside workerd, against the emulator', () => {
  it('signs in through the consent page and keeps only a sealed record, under a hashed key, in KV', async () => {
    const h = createWorkerHarness();
    const jar = h.newJar();
    await h.signIn(jar);

    const session = await h.request('/bff/session', { jar, csrf: true });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ user: { nickname: 'alice' } });

    const cookieId = jar.get(SESSION_COOKIE) ?? '';
    expect(cookieId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await kvDump();
    const storeKey = await hashId('session', cookieId);
    expect(storeKey).toMatch(/^session:[0-9a-f]{64}$/);
    expect(stored.map(([key]) => key)).toContain(storeKey);
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain(cookieId);
    expect(h.secrets.size).toBeGreaterThan(1);
    for (const secret of h.secrets) expect(everything).not.toContain(secret);
    expect(JSON.stringify(h.logger.entries)).not.toContain(cookieId);
  });

  it('sets the session cookie host-only, Secure, HttpOnly and SameSite=Strict, and ends the login cookie', async () => {
    const h = createWorkerHarness();
    const jar = h.newJar();
    const authorizeUrl = await h.startLogin(jar);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(
      `${h.config.publicUrl}/bff/callback`,
    );
    const callbackUrl = await h.consent(authorizeUrl);
    const callback = await h.request(callbackUrl.pathname + callbackUrl.search, { jar });

    const cookies = setCookies(callback);
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session?.attributes).toMatchObject({
      secure: true,
      httponly: true,
      samesite: 'Strict',
      path: '/',
    });
    expect(session?.attributes.domain).toBeUndefined();
    expect(Number(session?.attributes['max-age'])).toBeGreaterThan(0);
    const login = cookies.find((cookie) => cookie.name === LOGIN_COOKIE);
    expect(login?.value).toBe('');
  });

  it('refuses a replayed callback, login cookie and all, without asking Bitbucket again', async () => {
    const h = createWorkerHarness();
    const jar = h.newJar();
    const authorizeUrl = await h.startLogin(jar);
    const loginCookie = `${LOGIN_COOKIE}=${jar.get(LOGIN_COOKIE) ?? ''}`;
    const callbackUrl = await h.consent(authorizeUrl);
    const target = callbackUrl.pathname + callbackUrl.search;
    expect((await h.request(target, { jar })).status).toBe(302);
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    const tokenCalls = h.tokenCalls();

    // The single use is the login transaction's object: KV cannot take a record atomically.
    const replay = await h.request(target, { headers: { Cookie: loginCookie } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('Location')).toContain('error=state_mismatch');
    const issued = setCookies(replay).filter((cookie) => cookie.name === SESSION_COOKIE);
    expect(issued.every((cookie) => cookie.value === '')).toBe(true);
    expect(h.tokenCalls()).toBe(tokenCalls);
  });

  it('refuses an API call without the CSRF header, and paths off the allowlist, before any upstream call', async () => {
    const h = createWorkerHarness();
    const jar = h.newJar();
    await h.signIn(jar);
    const before = h.upstreamCalls.length;

    const noHeader = await h.request('/api/2.0/user', { jar });
    expect(noHeader.status).toBe(403);
    const notAllowed = await h.request('/api/2.0/repositories/acme/widgets/hooks', {
      jar,
      csrf: true,
    });
    expect(notAllowed.status).toBe(400);
    expect(await notAllowed.json()).toMatchObject({ error: { code: 'path_not_allowed' } });
    const write = await h.request('/api/2.0/repositories/acme/widgets', {
      jar,
      csrf: true,
      method: 'DELETE',
    });
    expect(write.status).toBe(405);
    const encodedSlash = await h.request('/api/2.0/repositories/acme%2Fwidgets/src', {
      jar,
      csrf: true,
    });
    expect(encodedSlash.status).toBe(400);
    expect(h.upstreamCalls).toHaveLength(before);

    const allowed = await h.request('/api/2.0/repositories/acme/widgets', { jar, csrf: true });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { full_name: string }).full_name).toBe('acme/widgets');
  });

  it('signs out: the cookie is cleared and the session is gone from KV and its object', async () => {
    const h = createWorkerHarness();
    const jar = h.newJar();
    await h.signIn(jar);
    const stale = jar.header() ?? '';
    const storeKey = await hashId('session', jar.get(SESSION_COOKIE) ?? '');
    expect(await bindings.SESSIONS.get(storeKey)).not.toBeNull();

    const logout = await h.request('/bff/logout', { jar, csrf: true, method: 'POST' });
    expect(logout.status).toBeLessThan(300);
    const cleared = setCookies(logout).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();

    const again = await h.request('/bff/session', { csrf: true, headers: { Cookie: stale } });
    expect(again.status).toBe(401);
    expect(await bindings.SESSIONS.get(storeKey)).toBeNull();
    const object = bindings.SESSION_LOCKS.get(bindings.SESSION_LOCKS.idFromName(storeKey));
    expect(await object.read()).toBeUndefined();
  });

  it('hardens every answer with the security headers', async () => {
    const h = createWorkerHarness();
    const response = await h.request('/bff/session', { csrf: true });
    expect(response.status).toBe(401);
    expect(response.headers.get('Content-Security-Policy')).toBe(BFF_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('counts failed token sign-ins per CF-Connecting-IP, which a client-written X-Forwarded-For cannot change', async () => {
    const h = createWorkerHarness();
    const attempt = (address: string, n: number, headers: Record<string, string> = {}) =>
      h.request('/bff/login/token', {
        method: 'POST',
        csrf: true,
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': address, ...headers },
        body: JSON.stringify({ username: `guess-${n}@example.com`, token: `ATATTwrong${n}` }),
      });
    for (let n = 0; n < 5; n += 1) expect((await attempt('203.0.113.7', n)).status).toBe(401);

    const blocked = await attempt('203.0.113.7', 5, { 'X-Forwarded-For': '198.51.100.1' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await attempt('198.51.100.9', 6)).status).toBe(401);
  });
});

describe('the Worker entry (worker.ts, with wrangler.toml’s bindings)', () => {
  /** The entry's JSON lines (LogTape's console sink writes info lines with console.info). */
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    vi.spyOn(console, 'info').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('serves the shell from ASSETS with a fresh nonce in its page and its policy', async () => {
    const pages = await Promise.all(
      [1, 2].map(() => exports.default.fetch('http://localhost:8787/acme/widgets')),
    );
    const nonces = [];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).not.toContain('PAIL_CSP_NONCE_PLACEHOLDER');
      const nonce = /nonce="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(page.headers.get('Content-Security-Policy')).toContain(`'nonce-${nonce}'`);
      expect(page.headers.get('X-Content-Type-Options')).toBe('nosniff');
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('serves hashed assets for a year, and a missing one as a 404, never the shell', async () => {
    const script = await exports.default.fetch('http://localhost:8787/assets/index-3f2a.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toContain('Pail');

    const stale = await exports.default.fetch('http://localhost:8787/assets/index-0000.js');
    expect(stale.status).toBe(404);
    expect(stale.headers.get('Content-Type')).toContain('application/json');
  });

  it('logs each request as one JSON line', async () => {
    await exports.default.fetch('http://localhost:8787/healthz');
    const entries = lines.map(
      (line) => JSON.parse(line) as { properties?: Record<string, unknown> },
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        properties: expect.objectContaining({ event: 'request', path: '/healthz', status: 200 }),
      }),
    );
  });
});

describe('reading the Worker’s configuration', () => {
  const variables = { NODE_ENV: 'development', PAIL_PUBLIC_URL: 'http://localhost:8787' };

  it('demands session keys and the bindings, refuses Node-only settings, naming each problem', () => {
    const result = readWorkerConfig({
      ...variables,
      PAIL_SESSION_STORE: 'redis://:hunter2@cache:6379',
      PAIL_TRUST_PROXY: '1',
    } as unknown as WorkerEnv);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.join('\n');
    expect(problems).toContain('SESSIONS KV namespace binding is missing');
    expect(problems).toContain('SESSION_LOCKS Durable Object binding is missing');
    expect(problems).toContain('ASSETS');
    expect(problems).toContain('PAIL_SESSION_STORE does not apply on Workers');
    expect(problems).toContain('PAIL_TRUST_PROXY does not apply on Workers');
    expect(problems).not.toContain('hunter2');

    const noKeys = readWorkerConfig({ ...bindings, ...variables, PAIL_SESSION_KEYS: '' });
    expect(noKeys.ok ? [] : noKeys.problems).toEqual([
      expect.stringContaining('PAIL_SESSION_KEYS is required on Workers'),
    ]);
  });

  it('applies the same rules as Node, production included', () => {
    const result = readWorkerConfig({
      ...bindings,
      NODE_ENV: 'production',
      PAIL_PUBLIC_URL: 'http://pail.example.com',
      PAIL_SESSION_KEYS: 'not-a-key',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? '' : result.problems.join('\n');
    expect(problems).toContain('PAIL_PUBLIC_URL must use https in production');
    expect(problems).toContain('PAIL_SESSION_KEYS entry 1');
    expect(problems).toContain('BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are required');
    expect(problems).not.toContain('not-a-key');
  });
});
