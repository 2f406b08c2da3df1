import { describe, expect, it } from 'vitest';
import { createHarness, type Harness, type HarnessOptions } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import type { CookieJar } from '../testing/cookie-jar';

const REPO = '/2.0/repositories/acme/widgets';

async function signedIn(options: HarnessOptions = {}) {
  const h = createHarness(options);
  const { jar } = await signIn(h, { account: 'alice' });
  h.emulator.controls.clearRequests();
  h.upstreamCalls.length = 0;
  return { h, jar };
}

const get = (h: Harness, jar: CookieJar, path: string, headers: Record<string, string> = {}) =>
  h.request(`/api${path}`, { jar, csrf: true, headers });

/** What Bitbucket answered each API call: how many full answers it had to send. */
const statuses = (h: Harness) => h.apiRequests().map((r) => r.status);
const conditions = (h: Harness) =>
  h.upstreamCalls
    .filter((call) => call.url.pathname.startsWith('/2.0/'))
    .map((call) => call.headers.get('if-none-match'));

describe('/api/* revalidates what it already sent this session', () => {
  it('asks Bitbucket with If-None-Match and answers its 304 with the same bytes and headers', async () => {
    const { h, jar } = await signedIn();
    const first = await get(h, jar, REPO);
    const body = await first.text();
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);

    const second = await get(h, jar, REPO);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(body);
    for (const name of ['Content-Type', 'Content-Length', 'ETag', 'Content-Security-Policy']) {
      expect(second.headers.get(name)).toBe(first.headers.get(name));
    }
    expect(second.headers.get('Cache-Control')).toBe('no-store');
    expect(second.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(statuses(h)).toEqual([200, 304]);
    expect(conditions(h)).toEqual([null, etag]);
  });

  it('keeps each query and Accept apart', async () => {
    const { h, jar } = await signedIn();
    const values = async (path: string) =>
      ((await (await get(h, jar, path)).json()) as { values: unknown[] }).values;
    expect(await values(`${REPO}/commits?pagelen=2`)).toHaveLength(2);
    expect(await values(`${REPO}/commits?pagelen=3`)).toHaveLength(3);
    expect(await values(`${REPO}/commits?pagelen=2`)).toHaveLength(2);
    const accept = { Accept: 'application/json; charset=utf-8' };
    expect((await get(h, jar, `${REPO}/commits?pagelen=2`, accept)).status).toBe(200);
    expect((await get(h, jar, `${REPO}/commits?pagelen=2`, accept)).status).toBe(200);
    expect(statuses(h)).toEqual([200, 200, 304, 200, 304]);
  });

  it("never answers one user's request with another's, nor one session's with another's", async () => {
    const { h, jar: alice } = await signedIn();
    await get(h, alice, REPO);
    const { jar: bob } = await signIn(h, { account: 'bob' });
    const { jar: aliceElsewhere } = await signIn(h, { account: 'alice' });
    h.emulator.controls.clearRequests();
    h.upstreamCalls.length = 0;
    expect((await get(h, bob, REPO)).status).toBe(200);
    expect((await get(h, aliceElsewhere, REPO)).status).toBe(200);
    expect(statuses(h)).toEqual([200, 200]);
    expect(conditions(h)).toEqual([null, null]);
  });

  it('lets Bitbucket decide every time: a refusal reaches the browser and the kept answer is dropped', async () => {
    let refuse = false;
    const { h, jar } = await signedIn({
      upstream: async (call, forward) =>
        refuse && call.url.pathname === REPO
          ? Response.json({ type: 'error', error: { message: 'Forbidden' } }, { status: 403 })
          : forward(),
    });
    await get(h, jar, REPO);
    refuse = true;
    const refused = await get(h, jar, REPO);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ type: 'error', error: { message: 'Forbidden' } });
    refuse = false;
    expect((await get(h, jar, REPO)).status).toBe(200);
    expect(conditions(h)).toEqual([null, expect.any(String), null]);
  });

  it("passes the browser's own If-None-Match through and Bitbucket's 304 back", async () => {
    const { h, jar } = await signedIn();
    const etag = (await get(h, jar, REPO)).headers.get('ETag') ?? '';
    const revalidated = await get(h, jar, REPO, { 'If-None-Match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    const stale = await get(h, jar, REPO, { 'If-None-Match': '"stale"' });
    expect(stale.status).toBe(200);
    expect(conditions(h)).toEqual([null, etag, '"stale"']);
  });

  it('starts a new session with nothing kept, even in the same browser', async () => {
    const { h, jar } = await signedIn();
    await get(h, jar, REPO);
    const signOut = await h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    expect(signOut.status).toBeLessThan(400);
    expect((await get(h, jar, REPO)).status).toBe(401);
    const { jar: again } = await signIn(h, { account: 'alice', jar });
    h.upstreamCalls.length = 0;
    await get(h, again, REPO);
    expect(conditions(h)).toEqual([null]);
  });
});

describe('/api/* small answers are read whole and passed on byte for byte', () => {
  const FILE = `${REPO}/src/4f9c2b1a7e3d5c6b8a9f0e1d2c3b4a5f6e7d8c9b/assets/bytes.bin`;
  const everyByte = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) % 256);

  it('relays every byte value unchanged, with its length', async () => {
    const { h, jar } = await signedIn({
      upstream: async (call, forward) =>
        call.url.pathname === FILE
          ? new Response(everyByte, {
              headers: {
                'Content-Type': 'application/octet-stream',
                'Content-Length': String(everyByte.length),
              },
            })
          : forward(),
    });
    const response = await get(h, jar, FILE);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Length')).toBe(String(everyByte.length));
    expect(response.headers.get('Content-Disposition')).toBe('attachment');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(everyByte);
  });

  it('answers 504, not a cut body, when Bitbucket stalls inside a small answer', async () => {
    const { h, jar } = await signedIn({
      upstreamTimeoutMs: 50,
      upstream: async (call, forward) =>
        call.url.pathname === FILE
          ? new Response(
              new ReadableStream<Uint8Array>({
                start(controller) {
                  controller.enqueue(everyByte.subarray(0, 100));
                },
              }),
              { headers: { 'Content-Type': 'text/plain', 'Content-Length': '4096' } },
            )
          : forward(),
    });
    const response = await get(h, jar, FILE);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
  });
});
