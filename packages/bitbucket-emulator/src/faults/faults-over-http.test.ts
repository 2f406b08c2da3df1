import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../emulator';
import { serveEmulator } from '../serve-emulator';
import type { EmulatorServer } from '../serve-emulator';
import { DEV_CONSUMER } from '../seed/consumers';
import { basicAuth, signIn } from '../testing/oauth-client';
import { schemaErrors } from '../testing/schema-validator';
import { RATE_LIMITED } from './inject-faults';

const PORT = 8600;
const BASE = `http://127.0.0.1:${PORT}`;
const W = '/2.0/repositories/acme/widgets';

const emulator = createEmulator({ origin: `http://localhost:${PORT}` });
let running: EmulatorServer;
let token: string;

beforeAll(async () => {
  running = await serveEmulator(emulator, { port: PORT, hostname: '127.0.0.1' });
  token = (await signIn(emulator, 'alice')).access_token;
});

afterAll(async () => {
  await running?.close();
});

beforeEach(() => {
  emulator.controls.clearFaults();
  emulator.controls.clearRequests();
});

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${BASE}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });

const tokenRequest = () =>
  fetch(`${BASE}/site/oauth2/access_token`, {
    method: 'POST',
    headers: { authorization: basicAuth(DEV_CONSUMER) },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });

async function putFaults(body: unknown): Promise<Response> {
  // As `curl -X PUT … -d '{…}'` sends it: a form content type, JSON in the body.
  return fetch(`${BASE}/_emulator/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: JSON.stringify(body),
  });
}

const logged = () => emulator.controls.requests().map((r) => [r.path, r.status]);

describe('faults over HTTP', () => {
  it('sets, reads and clears the faults through /_emulator/faults', async () => {
    const put = await putFaults({ rules: [{ fault: 'status', status: 504, times: 1 }] });
    expect(put.status).toBe(200);
    const got = (await (await fetch(`${BASE}/_emulator/faults`)).json()) as { rules: unknown[] };
    expect(got.rules).toEqual([{ target: 'api', fault: 'status', status: 504, times: 1 }]);
    const bad = await putFaults({ rules: [{ fault: 'status', status: 418 }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/"rules\[0\]\.status"/);
    expect((await fetch(`${BASE}/_emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(emulator.controls.faults().rules).toEqual([]);
  });

  it('status: answers the status, Retry-After and a valid Bitbucket error body', async () => {
    await putFaults({ rules: [{ fault: 'status', status: 503, retryAfterSeconds: 2 }] });
    const response = await get('/2.0/user');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(schemaErrors('error', await response.json())).toEqual([]);
  });

  it('reset: the connection is destroyed with no answer, and the next request is served', async () => {
    await putFaults({ rules: [{ fault: 'reset', times: 1 }] });
    const failure = await get('/2.0/user').then(
      () => undefined,
      (error: unknown) => error as TypeError & { cause?: { code?: string } },
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure?.message).toBe('fetch failed');
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(failure?.cause?.code);
    expect((await get('/2.0/user')).status).toBe(200);
    expect(logged()).toEqual([
      ['/2.0/user', 0],
      ['/2.0/user', 200],
    ]);
  });

  it('oauth target: the token endpoint answers 503 while the API is fine', async () => {
    await putFaults({ rules: [{ target: 'oauth', fault: 'status', status: 503 }] });
    expect((await tokenRequest()).status).toBe(503);
    expect((await get('/2.0/user')).status).toBe(200);
  });

  it('hang: nothing is answered until the client gives up, logged with status 0', async () => {
    await putFaults({ rules: [{ fault: 'hang', path: '/2.0/user' }] });
    const controller = new AbortController();
    const hung = get('/2.0/user', { signal: controller.signal });
    await vi.waitFor(() => expect(logged()).toEqual([['/2.0/user', undefined]]));
    expect((await get(`${W}/refs`)).status).toBe(200);
    controller.abort(new Error('client gave up'));
    await expect(hung).rejects.toThrow('client gave up');
    await vi.waitFor(() => expect(logged()[0]).toEqual(['/2.0/user', 0]));
  });

  it('latency: the answer comes, unchanged, after the pause', async () => {
    await putFaults({ latencyMs: 20, rules: [{ fault: 'latency', latencyMs: 20, times: 1 }] });
    const response = await get('/2.0/user');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { nickname: string }).nickname).toBe('alice');
  });

  it('rate limit: 429 with Retry-After and the X-RateLimit-* headers for an access token', async () => {
    await putFaults({ rateLimit: { limit: 1, windowSeconds: 3600 } });
    expect((await get(W)).status).toBe(200);
    const over = await get(W);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(over.headers.get('x-ratelimit-limit')).toBe('1');
    expect(over.headers.get('x-ratelimit-resource')).toBe('api');
    expect(over.headers.get('x-ratelimit-nearlimit')).toBe('true');
    const body: unknown = await over.json();
    expect(body).toEqual({ type: 'error', error: { message: RATE_LIMITED } });
    expect(schemaErrors('error', body)).toEqual([]);
  });
});

describe('closing the server', () => {
  it('ends a hung request instead of waiting for it', async () => {
    const other = createEmulator({ faults: { rules: [{ fault: 'hang' }] } });
    const server = await serveEmulator(other, { port: PORT + 1, hostname: '127.0.0.1' });
    const hung = fetch(`http://127.0.0.1:${PORT + 1}/2.0/user`);
    await vi.waitFor(() => expect(other.controls.requests()).toHaveLength(1));
    await server.close();
    await expect(hung).rejects.toThrow('fetch failed');
    await vi.waitFor(() => expect(other.controls.requests()[0]?.status).toBe(0));
  });

  it('refuses a port already in use', async () => {
    await expect(
      serveEmulator(createEmulator(), { port: PORT, hostname: '127.0.0.1' }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
