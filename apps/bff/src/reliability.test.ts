import { afterEach, describe, expect, it } from 'vitest';
import { SEED_API_TOKENS, serveEmulator, type FaultSettings } from '@pail/bitbucket-emulator';
import { SESSION_COOKIE } from '@pail/shared';
import { BffError } from './errors';
import type { SessionStore } from './session/session-store';
import {
  createHarness,
  TOKEN_PATH,
  type Harness,
  type HarnessOptions,
  type UpstreamHandler,
} from './testing/bff-harness';
import { consent, finishLogin, signIn, startLogin } from './testing/browser';
import { CookieJar } from './testing/cookie-jar';

const REPO = '/2.0/repositories/acme/widgets';
const BRANCHES = `${REPO}/refs/branches`;
const RATE_LIMITED_BODY = {
  type: 'error',
  error: { message: 'Rate limit for this resource has been exceeded.' },
};

/** A signed-in browser on a BFF whose Bitbucket is the emulator, faults and all. */
async function signedIn(options: HarnessOptions = {}) {
  const h = createHarness(options);
  const { jar } = await signIn(h);
  const api = (path: string) => h.request(`/api${path}`, { jar, csrf: true });
  /** What Bitbucket saw: the requests its log holds for `path` (faulted ones included). */
  const seenByBitbucket = (path: string) =>
    h.emulator.controls.requests().filter((request) => request.path === path);
  const faults = (settings: FaultSettings) => {
    h.emulator.controls.clearRequests();
    h.emulator.controls.setFaults(settings);
  };
  return { h, jar, api, seenByBitbucket, faults };
}

/** After the fault is gone, the same session reads again: nothing above ended it. */
async function expectSessionWorks(h: Harness, jar: CookieJar): Promise<void> {
  h.emulator.controls.clearFaults();
  expect(jar.get(SESSION_COOKIE)).toBeDefined();
  const session = await h.request('/bff/session', { jar, csrf: true });
  expect(session.status).toBe(200);
  const repo = await h.request(`/api${REPO}`, { jar, csrf: true });
  expect(repo.status).toBe(200);
  expect(await repo.json()).toMatchObject({ full_name: 'acme/widgets' });
}

async function expectUnavailable(response: Response, bitbucketStatus: number | 'none') {
  expect(response.status).toBe(502);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('upstream_unavailable');
  if (bitbucketStatus !== 'none') expect(body.error.message).toContain(String(bitbucketStatus));
  return body;
}

describe('/api/* when Bitbucket fails for a moment', () => {
  it('retries a 503 once after a jittered pause and answers what the retry got', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn({ random: () => 0.5 });
    faults({ rules: [{ path: BRANCHES, fault: 'status', status: 503, times: 1 }] });

    const response = await api(`${BRANCHES}?pagelen=5&q=${encodeURIComponent('name="main"')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ values: [{ name: 'main' }] });
    expect(seenByBitbucket(BRANCHES).map((request) => request.status)).toEqual([503, 200]);
    expect(h.retryPauses).toEqual([200]);
    const retry = h.logger.entries.find((entry) => entry.event === 'proxy.retry');
    expect(retry?.props).toEqual({
      reason: 'status_503',
      status: 503,
      pauseMs: 200,
      path: BRANCHES,
    });
    // No query (it can name files and branches), no token.
    expect(JSON.stringify(h.logger.entries)).not.toContain('pagelen');
    expect(h.leakedSecrets()).toEqual([]);
    await expectSessionWorks(h, jar);
  });

  it.each([
    [0, 100],
    [0.999_999, 299],
  ])('pauses between 100 and 300 ms (jitter %d → %d ms)', async (random, pauseMs) => {
    const { h, api, faults } = await signedIn({ random: () => random });
    faults({ rules: [{ path: REPO, fault: 'status', status: 502, times: 1 }] });
    expect((await api(REPO)).status).toBe(200);
    expect(h.retryPauses).toEqual([pauseMs]);
  });

  it('answers 502 upstream_unavailable naming Bitbucket’s 502 when the retry fails too', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn();
    faults({ rules: [{ path: REPO, fault: 'status', status: 502 }] });

    const body = await expectUnavailable(await api(REPO), 502);
    expect(body.error.message).not.toContain('Bad Gateway');
    expect(seenByBitbucket(REPO)).toHaveLength(2);
    expect(h.retryPauses).toHaveLength(1);
    await expectSessionWorks(h, jar);
  });

  it('retries a 503 whose Retry-After is 1 s, and passes that Retry-After on', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn();
    faults({ rules: [{ path: REPO, fault: 'status', status: 503, retryAfterSeconds: 1 }] });

    const response = await api(REPO);
    await expectUnavailable(response, 503);
    expect(response.headers.get('Retry-After')).toBe('1');
    expect(seenByBitbucket(REPO)).toHaveLength(2);
    await expectSessionWorks(h, jar);
  });

  it('does not retry a 503 asking for a longer wait, and passes its Retry-After on', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn();
    faults({ rules: [{ path: REPO, fault: 'status', status: 503, retryAfterSeconds: 30 }] });

    const response = await api(REPO);
    await expectUnavailable(response, 503);
    expect(response.headers.get('Retry-After')).toBe('30');
    expect(seenByBitbucket(REPO)).toHaveLength(1);
    expect(h.retryPauses).toEqual([]);
    await expectSessionWorks(h, jar);
  });

  it.each([500, 504] as const)(
    'does not retry a %i: one call, then 502 upstream_unavailable naming it',
    async (status) => {
      const { h, jar, api, seenByBitbucket, faults } = await signedIn();
      faults({ rules: [{ path: REPO, fault: 'status', status }] });

      const response = await api(REPO);
      await expectUnavailable(response, status);
      expect(response.headers.get('Retry-After')).toBeNull();
      expect(seenByBitbucket(REPO)).toHaveLength(1);
      expect(h.retryPauses).toEqual([]);
      await expectSessionWorks(h, jar);
    },
  );

  it('retries once after the connection is reset, and answers what the retry got', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn();
    faults({ rules: [{ path: REPO, fault: 'reset', times: 1 }] });

    const response = await api(REPO);
    expect(response.status).toBe(200);
    expect(seenByBitbucket(REPO).map((request) => request.status)).toEqual([0, 200]);
    expect(h.logger.entries.find((entry) => entry.event === 'proxy.retry')?.props).toMatchObject({
      reason: 'ECONNRESET',
    });
    await expectSessionWorks(h, jar);
  });

  it('answers 502 upstream_unavailable when the connection is reset twice', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn();
    faults({ rules: [{ path: REPO, fault: 'reset' }] });

    await expectUnavailable(await api(REPO), 'none');
    expect(seenByBitbucket(REPO)).toHaveLength(2);
    await expectSessionWorks(h, jar);
  });

  it('answers 504 upstream_timeout when Bitbucket never answers, without a retry', async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn({ upstreamTimeoutMs: 100 });
    faults({ rules: [{ path: REPO, fault: 'hang' }] });

    const response = await api(REPO);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
    expect(seenByBitbucket(REPO)).toHaveLength(1);
    expect(h.retryPauses).toEqual([]);
    await expectSessionWorks(h, jar);
  });

  it("passes Bitbucket's 429 on untouched, with Retry-After and X-RateLimit-*, without a retry", async () => {
    const { h, jar, api, seenByBitbucket, faults } = await signedIn();
    faults({ rateLimit: { limit: 2, windowSeconds: 60 } });
    expect((await api(REPO)).status).toBe(200);
    expect((await api(`${REPO}/refs/tags`)).status).toBe(200);

    const response = await api(BRANCHES);
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual(RATE_LIMITED_BODY);
    expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(response.headers.get('X-RateLimit-Limit')).toBe('2');
    expect(response.headers.get('X-RateLimit-Resource')).toBe('api');
    expect(seenByBitbucket(BRANCHES)).toHaveLength(1);
    expect(h.retryPauses).toEqual([]);
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
  });

  it("passes Bitbucket's 555 (diff too large) on as it is, without a retry", async () => {
    const { h, api, seenByBitbucket, faults } = await signedIn();
    faults({ maxDiffBytes: 10 });

    const response = await api(`${REPO}/pullrequests/1/diff`);
    expect(response.status).toBe(555);
    expect(await response.json()).toMatchObject({ type: 'error' });
    const diffCalls = h.emulator.controls
      .requests()
      .filter((request) => request.path.startsWith(`${REPO}/diff/`));
    expect(diffCalls).toHaveLength(1);
    expect(seenByBitbucket(`${REPO}/pullrequests/1/diff`)).toHaveLength(1);
    expect(h.retryPauses).toEqual([]);
  });

  it('does not retry a 404', async () => {
    const { h, api, seenByBitbucket, faults } = await signedIn();
    faults({});
    const missing = `${REPO}/refs/branches/no-such-branch`;
    expect((await api(missing)).status).toBe(404);
    expect(seenByBitbucket(missing)).toHaveLength(1);
    expect(h.retryPauses).toEqual([]);
  });

  it('retries a raw file the same way', async () => {
    const { h, jar, faults } = await signedIn();
    faults({ rules: [{ path: `${REPO}/src/`, fault: 'status', status: 503, times: 1 }] });

    const response = await h.request('/acme/widgets/raw/main/README.md', { jar });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# Widgets');
    expect(h.retryPauses).toHaveLength(1);
  });

  it('answers a raw file’s lasting 503 with 502 JSON, not Bitbucket’s page', async () => {
    const { h, jar, faults } = await signedIn();
    faults({ rules: [{ path: `${REPO}/src/`, fault: 'status', status: 503 }] });

    await expectUnavailable(await h.request('/acme/widgets/raw/main/README.md', { jar }), 503);
    await expectSessionWorks(h, jar);
  });
});

describe('/api/* retries at most once per call, 401 or not', () => {
  it('does not retry again after a 401 and a refresh', async () => {
    let calls = 0;
    const upstream: UpstreamHandler = async (call, forward) => {
      if (call.url.pathname !== REPO) return forward();
      calls += 1;
      // A 503 (retried), then the token is found dead (401, refreshed), then a 503 again: no more tries.
      if (calls === 1 || calls === 3) return Response.json({}, { status: 503 });
      if (calls === 2) return Response.json({}, { status: 401 });
      return forward();
    };
    const { h, jar, api } = await signedIn({ upstream });
    const tokenCalls = () => h.upstreamCalls.filter((call) => call.url.pathname === TOKEN_PATH);
    const refreshesBefore = tokenCalls().length;

    await expectUnavailable(await api(REPO), 503);
    expect(calls).toBe(3);
    expect(tokenCalls().length - refreshesBefore).toBe(1);
    expect(h.retryPauses).toHaveLength(1);
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    expect((await api(REPO)).status).toBe(200);
  });
});

describe('refresh while the token endpoint is failing', () => {
  /** Signed in with a 2-minute access token, then 90 s later: the next call refreshes first. */
  async function dueForRefresh() {
    const signed = await signedIn({ accessTokenTtlSeconds: 120, upstreamTimeoutMs: 100 });
    signed.h.clock.advance(90_000);
    return signed;
  }

  it.each([
    ['a 503', 502, 'upstream_unavailable', { target: 'oauth', fault: 'status', status: 503 }],
    ['a reset', 502, 'upstream_unavailable', { target: 'oauth', fault: 'reset' }],
    ['no answer', 504, 'upstream_timeout', { target: 'oauth', fault: 'hang' }],
  ] as const)(
    'answers %s with %i JSON, keeps the session and refreshes on the next request',
    async (_, status, code, rule) => {
      const { h, jar, api, faults } = await dueForRefresh();
      faults({ rules: [rule] });

      const response = await api(REPO);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
      expect(h.emulator.controls.requests().some((r) => r.path.startsWith('/2.0/'))).toBe(false);
      expect(response.headers.get('Set-Cookie')).toBeNull();
      // The session page still says who is signed in while Bitbucket is away.
      expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);

      h.emulator.controls.clearFaults();
      expect((await api(REPO)).status).toBe(200);
      expect(h.tokenRequests().some((request) => request.status === 200)).toBe(true);
    },
  );

  it('keeps the session when the token endpoint answers 429 (a wait, not a refusal)', async () => {
    let limited = true;
    const { h, jar, api } = await signedIn({
      accessTokenTtlSeconds: 120,
      upstream: async (call, forward) =>
        limited && call.url.pathname === TOKEN_PATH && call.body.includes('refresh_token')
          ? Response.json(
              { error: 'rate_limited' },
              { status: 429, headers: { 'Retry-After': '30' } },
            )
          : forward(),
    });
    h.clock.advance(90_000);

    const response = await api(REPO);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    expect(jar.get(SESSION_COOKIE)).toBeDefined();

    limited = false;
    expect((await api(REPO)).status).toBe(200);
  });

  it('ends the session when Bitbucket refuses the refresh token', async () => {
    const { h, jar, api } = await dueForRefresh();
    h.emulator.controls.revokeGrants('alice');

    const response = await api(REPO);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(h.logger.entries.find((e) => e.event === 'session.refresh_failed')?.props).toMatchObject(
      // Bitbucket's words for a dead refresh token (FACTS.md): 400 invalid_request.
      { reason: 'rejected', status: 400, oauthError: 'invalid_request' },
    );
  });
});

describe('sign-in while Bitbucket is failing', () => {
  it.each([
    ['the token endpoint answers 503', { target: 'oauth', fault: 'status', status: 503 }],
    ['the token endpoint resets', { target: 'oauth', fault: 'reset' }],
    ['/2.0/user answers 503', { path: '/2.0/user', fault: 'status', status: 503 }],
    ['/2.0/user answers 500', { path: '/2.0/user', fault: 'status', status: 500 }],
  ] as const)(
    'sends the browser to the sign-in page saying Bitbucket has a problem when %s',
    async (_, rule) => {
      const h = createHarness();
      const jar = new CookieJar();
      const { authorizeUrl } = await startLogin(h, jar);
      const callbackUrl = await consent(h, authorizeUrl);
      h.emulator.controls.setFaults({ rules: [rule] });

      const response = await finishLogin(h, jar, callbackUrl);
      expect(response.status).toBe(302);
      expect(response.headers.get('Location')).toBe('/login?error=provider_error');
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    },
  );

  it('sends a callback whose /2.0/user answers 429 to the sign-in page saying Bitbucket has a problem', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === '/2.0/user'
          ? Response.json({}, { status: 429, headers: { 'Retry-After': '60' } })
          : forward(),
    });
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const response = await finishLogin(h, jar, await consent(h, authorizeUrl));
    expect(response.headers.get('Location')).toBe('/login?error=provider_error');
  });

  it('answers a token sign-in 502 JSON when /2.0/user answers 503, and signs in once it is back', async () => {
    const h = createHarness();
    const seed = SEED_API_TOKENS.aliceRead;
    const login = () =>
      h.request('/bff/login/token', {
        method: 'POST',
        jar: new CookieJar(),
        csrf: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: seed.email, token: seed.token }),
      });
    h.emulator.controls.setFaults({
      rules: [{ path: '/2.0/user', fault: 'status', status: 503 }],
    });
    const refused = await login();
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });

    h.emulator.controls.clearFaults();
    expect((await login()).status).toBe(200);
  });
});

/** A memory store that fails every call, as an unreachable Redis or database does, while `down` is set. */
function failingStore() {
  const state = { down: false, failures: 0 };
  const wrap = (inner: SessionStore): SessionStore =>
    ({
      get: (key) => guard(() => inner.get(key)),
      set: (key, value, ttl) => guard(() => inner.set(key, value, ttl)),
      delete: (key) => guard(() => inner.delete(key)),
      take: (key) => guard(() => inner.take(key)),
      ping: () => guard(() => inner.ping()),
      withLock: (name, ttl, task) => guard(() => inner.withLock(name, ttl, task)),
    }) satisfies SessionStore;
  function guard<T>(operation: () => Promise<T>): Promise<T> {
    if (!state.down) return operation();
    state.failures += 1;
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return Promise.reject(new BffError('store_unavailable', { cause }));
  }
  return { state, wrap };
}

describe('every route while the session store is down, and after it is back', () => {
  async function withStore() {
    const store = failingStore();
    const signed = await signedIn({ wrapStore: store.wrap });
    return { ...signed, store };
  }

  async function expectStoreUnavailable(response: Response) {
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('5');
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: 'store_unavailable' } });
  }

  it('answers 503 store_unavailable with Retry-After: 5 on JSON routes, then works again', async () => {
    const { h, jar, api, store } = await withStore();
    const bitbucketBefore = h.upstreamCalls.length;
    store.state.down = true;

    await expectStoreUnavailable(await h.request('/bff/session', { jar, csrf: true }));
    await expectStoreUnavailable(await api(REPO));
    await expectStoreUnavailable(await h.request('/acme/widgets/raw/main/README.md', { jar }));
    await expectStoreUnavailable(
      await h.request('/bff/logout', { method: 'POST', jar, csrf: true }),
    );
    await expectStoreUnavailable(await h.request('/bff/usage', { jar, csrf: true }));
    await expectStoreUnavailable(await h.request('/readyz'));
    // Nothing reached Bitbucket, and nothing was answered with a 500.
    expect(h.upstreamCalls.length).toBe(bitbucketBefore);
    expect(h.logger.events()).not.toContain('internal_error');
    expect(store.state.failures).toBeGreaterThan(0);
    // The cookie is kept: the session is still there once the store is.
    expect(jar.get(SESSION_COOKIE)).toBeDefined();

    store.state.down = false;
    expect((await h.request('/readyz')).status).toBe(200);
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
    expect((await api(REPO)).status).toBe(200);
    expect((await h.request('/bff/logout', { method: 'POST', jar, csrf: true })).status).toBe(204);
  });

  it('sends a sign-in started while the store is down to the sign-in page with a reason', async () => {
    const { h, store } = await withStore();
    store.state.down = true;
    const jar = new CookieJar();

    const response = await h.request('/bff/login?returnTo=%2Facme%2Fwidgets', { jar });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(
      '/login?error=unavailable&returnTo=%2Facme%2Fwidgets',
    );
    expect(response.headers.get('Retry-After')).toBe('5');
    expect(response.headers.get('Cache-Control')).toBe('no-store');

    store.state.down = false;
    expect((await signIn(h, { jar })).response.status).toBe(302);
  });

  it('sends a sign-in that comes back while the store is down to the sign-in page with a reason', async () => {
    const { h, store } = await withStore();
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await consent(h, authorizeUrl);
    store.state.down = true;

    const response = await finishLogin(h, jar, callbackUrl);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/login?error=unavailable');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();

    store.state.down = false;
    expect((await signIn(h, { jar })).response.status).toBe(302);
  });
});

describe('over real HTTP: the emulator drops the connection', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("retries undici's reset once, then answers 502 upstream_unavailable", async () => {
    let port = 0;
    // The BFF's calls go out through Node's own fetch (undici) to the emulator listening on a real port.
    const upstream: UpstreamHandler = (call) =>
      fetch(`http://127.0.0.1:${port}${call.url.pathname}${call.url.search}`, {
        method: call.method,
        headers: call.headers,
        ...(call.body === '' ? {} : { body: call.body }),
        redirect: 'manual',
        ...(call.signal === undefined ? {} : { signal: call.signal }),
      });
    const { h, jar, api, seenByBitbucket, faults } = await (async () => {
      const harness = createHarness({ upstream });
      const served = await listenOnFreePort(harness);
      port = served.port;
      close = served.close;
      const { jar } = await signIn(harness);
      return {
        h: harness,
        jar,
        api: (path: string) => harness.request(`/api${path}`, { jar, csrf: true }),
        seenByBitbucket: (path: string) =>
          harness.emulator.controls.requests().filter((request) => request.path === path),
        faults: (settings: FaultSettings) => {
          harness.emulator.controls.clearRequests();
          harness.emulator.controls.setFaults(settings);
        },
      };
    })();

    faults({ rules: [{ path: REPO, fault: 'reset', times: 1 }] });
    expect((await api(REPO)).status).toBe(200);
    expect(seenByBitbucket(REPO)).toHaveLength(2);
    expect(h.logger.entries.find((entry) => entry.event === 'proxy.retry')?.props.reason).toMatch(
      /^(ECONNRESET|UND_ERR_SOCKET)$/,
    );

    faults({ rules: [{ path: REPO, fault: 'reset' }] });
    await expectUnavailable(await api(REPO), 'none');
    expect(seenByBitbucket(REPO)).toHaveLength(2);
    await expectSessionWorks(h, jar);
  });
});

/** Serves the harness's emulator on the first free port of 8620–8639. */
async function listenOnFreePort(h: Harness) {
  for (let port = 8620; port <= 8639; port += 1) {
    try {
      return await serveEmulator(h.emulator, { port, hostname: '127.0.0.1' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error('no free port in 8620–8639');
}
