import { Buffer } from 'node:buffer';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../emulator';
import type { Emulator } from '../emulator';
import { SEED_API_TOKENS } from '../auth/basic-credentials';
import { DEV_CONSUMER } from '../seed/consumers';
import { basicAuth, signIn } from '../testing/oauth-client';
import { schemaErrors } from '../testing/schema-validator';
import { RATE_LIMITED } from './inject-faults';

const ORIGIN = 'http://localhost:8090';
const W = '/2.0/repositories/acme/widgets';
const WIDGETS_HEAD = '2f9f330b90a15696494a6ae905ad65925d1393fe';
const RAW_README = `${W}/src/${WIDGETS_HEAD}/README.md`;

const START = Date.parse('2026-11-01T12:00:00Z');
let clock = START;
const emulator: Emulator = createEmulator({ now: () => clock });
let alice: string;
let bob: string;

beforeAll(async () => {
  alice = (await signIn(emulator, 'alice')).access_token;
  bob = (await signIn(emulator, 'bob')).access_token;
});

beforeEach(() => {
  clock = START;
  emulator.controls.clearFaults();
  emulator.controls.clearRequests();
});

afterEach(() => {
  vi.useRealTimers();
});

function get(path: string, token?: string, init: RequestInit = {}): Promise<Response> {
  return emulator.fetch(`${ORIGIN}${path}`, {
    ...init,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

function tokenRequest(): Promise<Response> {
  return emulator.fetch(`${ORIGIN}/site/oauth2/access_token`, {
    method: 'POST',
    headers: { authorization: basicAuth(DEV_CONSUMER) },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
}

const statuses = () => emulator.controls.requests().map((r) => [r.path, r.status]);

describe('fault: status', () => {
  it('answers the status with Bitbucket’s error body and Retry-After, then stops after `times`', async () => {
    emulator.controls.setFaults({
      rules: [{ fault: 'status', status: 502, retryAfterSeconds: 7, times: 2 }],
    });
    for (let i = 0; i < 2; i += 1) {
      const response = await get('/2.0/user', alice);
      expect(response.status).toBe(502);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body: unknown = await response.json();
      expect(body).toEqual({ type: 'error', error: { message: 'Bad Gateway' } });
      expect(schemaErrors('error', body)).toEqual([]);
    }
    expect((await get('/2.0/user', alice)).status).toBe(200);
    expect(emulator.controls.faults().rules).toEqual([]);
    expect(statuses()).toEqual([
      ['/2.0/user', 502],
      ['/2.0/user', 502],
      ['/2.0/user', 200],
    ]);
  });

  it.each([500, 502, 503, 504] as const)('%i is a valid Bitbucket error', async (status) => {
    emulator.controls.setFaults({ rules: [{ fault: 'status', status }] });
    const response = await get(`${W}/refs`, alice);
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(schemaErrors('error', await response.json())).toEqual([]);
  });

  it('defaults to 503 on every API path, and leaves the controls, consent page and avatars alone', async () => {
    emulator.controls.setFaults({ rules: [{ fault: 'status' }] });
    expect((await get('/2.0/user', alice)).status).toBe(503);
    expect((await get('/2.0/nowhere')).status).toBe(503);
    expect((await get('/avatars/users/alice.svg')).status).toBe(200);
    expect((await get('/site/oauth2/authorize?client_id=pail-dev&response_type=code')).status).toBe(
      200,
    );
    expect((await get('/_emulator/faults')).status).toBe(200);
    expect((await tokenRequest()).status).toBe(200);
  });

  it('matches only paths starting with `path`, and counts `times` down only when it applies', async () => {
    emulator.controls.setFaults({
      rules: [{ fault: 'status', status: 504, path: `${W}/src`, times: 1 }],
    });
    expect((await get(`${W}/refs`, alice)).status).toBe(200);
    const elsewhere = await get('/2.0/repositories/acme/api-gateway/src', alice, {
      redirect: 'manual',
    });
    expect(elsewhere.status).toBe(302);
    expect(emulator.controls.faults().rules).toEqual([
      { target: 'api', fault: 'status', status: 504, path: `${W}/src`, times: 1 },
    ]);
    expect((await get(`${W}/src/main/README.md`, alice)).status).toBe(504);
    expect((await get(`${W}/src/main/README.md`, alice)).status).toBe(200);
  });

  it('targets the OAuth endpoints: the token endpoint fails while the API answers', async () => {
    emulator.controls.setFaults({ rules: [{ target: 'oauth', fault: 'status', status: 503 }] });
    const response = await tokenRequest();
    expect(response.status).toBe(503);
    expect(schemaErrors('error', await response.json())).toEqual([]);
    expect((await get('/2.0/user', alice)).status).toBe(200);
    expect(statuses()).toEqual([
      ['/site/oauth2/access_token', 503],
      ['/2.0/user', 200],
    ]);
  });

  it('applies the first failing rule in order; latency rules before it still apply', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    emulator.controls.setFaults({
      rules: [
        { fault: 'latency', latencyMs: 100, times: 1 },
        { fault: 'status', status: 500, times: 1 },
        { fault: 'status', status: 502, times: 1 },
      ],
    });
    const first = get('/2.0/user', alice);
    await vi.advanceTimersByTimeAsync(100);
    expect((await first).status).toBe(500);
    // The 502 rule did not apply to the first request, so it still has its one use.
    expect((await get('/2.0/user', alice)).status).toBe(502);
    expect((await get('/2.0/user', alice)).status).toBe(200);
  });
});

describe('fault: reset', () => {
  it('rejects the in-process fetch as undici does, logged with status 0', async () => {
    emulator.controls.setFaults({ rules: [{ fault: 'reset', times: 1 }] });
    const failure = await get('/2.0/user', alice).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect(((failure as TypeError).cause as { code: string }).code).toBe('ECONNRESET');
    expect((await get('/2.0/user', alice)).status).toBe(200);
    expect(statuses()).toEqual([
      ['/2.0/user', 0],
      ['/2.0/user', 200],
    ]);
  });

  it('drops the token endpoint’s connection with target oauth', async () => {
    emulator.controls.setFaults({ rules: [{ target: 'oauth', fault: 'reset' }] });
    await expect(tokenRequest()).rejects.toThrow('fetch failed');
    expect((await get('/2.0/user', alice)).status).toBe(200);
  });
});

describe('fault: hang', () => {
  it('answers nothing until the signal aborts, then rejects with its reason, logged with status 0', async () => {
    emulator.controls.setFaults({ rules: [{ fault: 'hang', path: '/2.0/user' }] });
    const controller = new AbortController();
    let settled = false;
    const hung = get('/2.0/user', alice, { signal: controller.signal }).finally(() => {
      settled = true;
    });
    // Other requests are answered meanwhile.
    expect((await get(`${W}/refs`, alice)).status).toBe(200);
    expect(settled).toBe(false);
    expect(statuses()).toEqual([
      ['/2.0/user', undefined],
      [`${W}/refs`, 200],
    ]);
    const reason = new DOMException('The operation timed out.', 'TimeoutError');
    controller.abort(reason);
    await expect(hung).rejects.toBe(reason);
    expect(statuses()[0]).toEqual(['/2.0/user', 0]);
  });

  it('rejects at once when the signal is already aborted', async () => {
    emulator.controls.setFaults({ rules: [{ fault: 'hang' }] });
    await expect(get('/2.0/user', alice, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('latency', () => {
  it('holds every answer (API and OAuth) for latencyMs, then answers normally', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    emulator.controls.setFaults({ latencyMs: 1000 });
    let answered: Response | undefined;
    void get('/2.0/user', alice).then((r) => (answered = r));
    let token: Response | undefined;
    void tokenRequest().then((r) => (token = r));
    await vi.advanceTimersByTimeAsync(999);
    expect(answered).toBeUndefined();
    expect(token).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answered?.status).toBe(200);
    expect(token?.status).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('adds a latency rule to the global latency; an abort ends the wait and leaves no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    emulator.controls.setFaults({
      latencyMs: 500,
      rules: [{ fault: 'latency', latencyMs: 60_000, path: `${W}/refs` }],
    });
    const controller = new AbortController();
    let settled = false;
    const slow = get(`${W}/refs`, alice, { signal: controller.signal }).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(settled).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error('gave up'));
    await expect(slow).rejects.toThrow('gave up');
    expect(vi.getTimerCount()).toBe(0);
    expect(statuses()).toEqual([[`${W}/refs`, 0]]);
  });
});

describe('rate limit', () => {
  const limited = { rateLimit: { limit: 3, windowSeconds: 60 } };

  it('answers 429 over the limit with Retry-After until the oldest call leaves the rolling window', async () => {
    emulator.controls.setFaults(limited);
    const start = clock;
    expect((await get(`${W}/refs`, alice)).status).toBe(200);
    clock = start + 20_000;
    expect((await get(`${W}`, alice)).status).toBe(200);
    expect((await get(`${W}/nope`, alice)).status).toBe(404);
    clock = start + 30_500;
    const over = await get(`${W}/refs`, alice);
    expect(over.status).toBe(429);
    // The first call leaves the window at start + 60 s: 29.5 s away, reported in whole seconds.
    expect(over.headers.get('retry-after')).toBe('30');
    const body: unknown = await over.json();
    expect(body).toEqual({ type: 'error', error: { message: RATE_LIMITED } });
    expect(schemaErrors('error', body)).toEqual([]);
    // Refused calls are not counted; outside /2.0/repositories/ nothing is.
    expect((await get('/2.0/user', alice)).status).toBe(200);
    clock = start + 60_000;
    expect((await get(`${W}/refs`, alice)).status).toBe(200);
    const again = await get(`${W}/refs`, alice);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('20');
    expect(statuses().map(([, status]) => status)).toEqual([200, 200, 404, 429, 200, 200, 429]);
  });

  it('keeps a budget per user, and none for unauthenticated calls', async () => {
    emulator.controls.setFaults({ rateLimit: { limit: 1, windowSeconds: 3600 } });
    expect((await get(W, alice)).status).toBe(200);
    expect((await get(W, alice)).status).toBe(429);
    expect((await get(W, bob)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await get(W)).status).toBe(401);
    const apiToken = SEED_API_TOKENS.bobRead;
    const basic = `Basic ${Buffer.from(`${apiToken.email}:${apiToken.token}`).toString('base64')}`;
    // bob's API token spends bob's budget, already used by his access token.
    const viaApiToken = await emulator.fetch(`${ORIGIN}${W}`, {
      headers: { authorization: basic },
    });
    expect(viaApiToken.status).toBe(429);
  });

  it('gives raw files their own budget of five times the limit', async () => {
    emulator.controls.setFaults({ rateLimit: { limit: 1, windowSeconds: 60 } });
    expect((await get(W, alice)).status).toBe(200);
    expect((await get(`${W}/refs`, alice)).status).toBe(429);
    for (let i = 0; i < 5; i += 1) {
      const raw = await get(RAW_README, alice);
      expect(raw.status).toBe(200);
      expect(raw.headers.get('x-ratelimit-resource')).toBe('raw');
      expect(raw.headers.get('x-ratelimit-limit')).toBe('5');
    }
    expect((await get(RAW_README, alice)).status).toBe(429);
    // The file's meta object and a directory are repository data, not raw files.
    expect((await get(`${RAW_README}?format=meta`, alice)).status).toBe(429);
    expect((await get(`${W}/src/${WIDGETS_HEAD}/docs`, alice)).status).toBe(429);
  });

  it('sends X-RateLimit-* to access tokens only, on every answer under the limited resources', async () => {
    emulator.controls.setFaults({ rateLimit: { limit: 5, windowSeconds: 60 } });
    const near: (string | null)[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await get(`${W}/refs`, alice);
      expect(response.headers.get('x-ratelimit-limit')).toBe('5');
      expect(response.headers.get('x-ratelimit-resource')).toBe('api');
      near.push(response.headers.get('x-ratelimit-nearlimit'));
    }
    // Near the limit from 80 % used: the 4th call of 5.
    expect(near).toEqual(['false', 'false', 'false', 'true', 'true', 'true']);
    expect((await get('/2.0/user', alice)).headers.get('x-ratelimit-limit')).toBeNull();

    const apiToken = SEED_API_TOKENS.aliceRead;
    const basic = `Basic ${Buffer.from(`${apiToken.email}:${apiToken.token}`).toString('base64')}`;
    const viaApiToken = await emulator.fetch(`${ORIGIN}${W}/refs`, {
      headers: { authorization: basic },
    });
    expect(viaApiToken.status).toBe(429);
    expect([...viaApiToken.headers.keys()].filter((k) => k.startsWith('x-ratelimit'))).toEqual([]);

    emulator.controls.setFaults({});
    expect((await get(`${W}/refs`, alice)).headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('maxDiffBytes', () => {
  it('changes the 555 threshold at run time, and clearing the faults restores the option', async () => {
    const diff = `${W}/diff/${WIDGETS_HEAD}`;
    expect((await get(diff, alice)).status).toBe(200);
    expect(emulator.controls.setFaults({ maxDiffBytes: 10 }).maxDiffBytes).toBe(10);
    const tooLarge = await get(diff, alice);
    expect(tooLarge.status).toBe(555);
    expect(schemaErrors('error', await tooLarge.json())).toEqual([]);
    emulator.controls.clearFaults();
    expect((await get(diff, alice)).status).toBe(200);
    expect(emulator.controls.faults().maxDiffBytes).toBe(1_000_000);
  });
});

describe('controls', () => {
  it('reports the settings in force with defaults, and reset() clears them', async () => {
    const emulator = createEmulator();
    expect(emulator.controls.faults()).toEqual({
      latencyMs: 0,
      rules: [],
      rateLimit: null,
      maxDiffBytes: 1_000_000,
    });
    const inForce = emulator.controls.setFaults({
      latencyMs: 5,
      rules: [{ fault: 'reset', path: '/2.0/user' }, { fault: 'status' }],
      rateLimit: { limit: 10, windowSeconds: 5 },
    });
    expect(inForce).toEqual({
      latencyMs: 5,
      rules: [
        { target: 'api', fault: 'reset', path: '/2.0/user' },
        { target: 'api', fault: 'status', status: 503 },
      ],
      rateLimit: { limit: 10, windowSeconds: 5 },
      maxDiffBytes: 1_000_000,
    });
    expect(emulator.controls.faults()).toEqual(inForce);
    emulator.controls.reset();
    expect(emulator.controls.faults().rules).toEqual([]);
    const fresh = (await signIn(emulator, 'alice')).access_token;
    const user = await emulator.fetch(`${ORIGIN}/2.0/user`, {
      headers: { authorization: `Bearer ${fresh}` },
    });
    expect(user.status).toBe(200);
  });

  it('starts with the `faults` option in force, and refuses invalid ones', async () => {
    const faulty = createEmulator({ faults: { rules: [{ fault: 'status', status: 500 }] } });
    expect((await faulty.app.request('/2.0/user')).status).toBe(500);
    expect(() => createEmulator({ faults: { latencyMs: -1 } })).toThrow(/latencyMs/);
  });

  it('PUT, GET and DELETE /_emulator/faults over HTTP', async () => {
    const put = await emulator.app.request('/_emulator/faults', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ target: 'oauth', fault: 'status', status: 502 }] }),
    });
    expect(put.status).toBe(200);
    const inForce = {
      latencyMs: 0,
      rules: [{ target: 'oauth', fault: 'status', status: 502 }],
      rateLimit: null,
      maxDiffBytes: 1_000_000,
    };
    expect(await put.json()).toEqual(inForce);
    expect(await (await emulator.app.request('/_emulator/faults')).json()).toEqual(inForce);
    expect((await tokenRequest()).status).toBe(502);
    expect((await emulator.app.request('/_emulator/faults', { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await tokenRequest()).status).toBe(200);
    expect(emulator.controls.faults().rules).toEqual([]);
    // The controls themselves are not logged.
    expect(statuses()).toEqual([
      ['/site/oauth2/access_token', 502],
      ['/site/oauth2/access_token', 200],
    ]);
  });

  it.each([
    ['not JSON', '{"rules":', /not valid JSON/],
    ['not an object', '[]', /JSON object/],
    ['an unknown field', '{"latency":5}', /Unknown field "latency"/],
    ['an unknown rule field', '{"rules":[{"fault":"hang","when":"now"}]}', /"rules\[0\]\.when"/],
    ['a negative latency', '{"latencyMs":-1}', /"latencyMs" must be a whole number/],
    ['a fractional latency', '{"latencyMs":1.5}', /"latencyMs"/],
    [
      'a status outside the list',
      '{"rules":[{"fault":"status","status":501}]}',
      /500, 502, 503, 504/,
    ],
    ['times below 1', '{"rules":[{"fault":"reset","times":0}]}', /"rules\[0\]\.times"/],
    ['an unknown fault', '{"rules":[{"fault":"explode"}]}', /"rules\[0\]\.fault"/],
    ['an unknown target', '{"rules":[{"fault":"hang","target":"web"}]}', /"rules\[0\]\.target"/],
    ['a path outside its target', '{"rules":[{"fault":"hang","path":"/site/oauth2"}]}', /\/2\.0\//],
    [
      'a latency rule without latencyMs',
      '{"rules":[{"fault":"latency"}]}',
      /latencyMs" is required/,
    ],
    [
      'a status on a reset',
      '{"rules":[{"fault":"reset","status":502}]}',
      /only applies to fault "status"/,
    ],
    [
      'a negative Retry-After',
      '{"rules":[{"fault":"status","retryAfterSeconds":-3}]}',
      /retryAfterSeconds/,
    ],
    ['a zero rate limit', '{"rateLimit":{"limit":0,"windowSeconds":60}}', /"rateLimit\.limit"/],
    ['a rate limit without window', '{"rateLimit":{"limit":5}}', /"rateLimit\.windowSeconds"/],
    ['a negative maxDiffBytes', '{"maxDiffBytes":-10}', /"maxDiffBytes"/],
    ['rules not an array', '{"rules":{"fault":"hang"}}', /"rules" must be an array/],
  ])('PUT with %s → 400 naming the problem, nothing changed', async (_, body, problem) => {
    emulator.controls.setFaults({ latencyMs: 1 });
    const before = emulator.controls.faults();
    const response = await emulator.app.request('/_emulator/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(problem);
    expect(emulator.controls.faults()).toEqual(before);
  });
});
