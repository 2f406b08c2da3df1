// Strong ETags on the API's JSON answers, 304 for a matching If-None-Match, and the status in the request log.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { signIn } from '../testing/oauth-client';

const emulator = createEmulator({ origin: 'http://bitbucket.test:8090' });
const W = '/2.0/repositories/acme/widgets';
let token = '';

beforeAll(async () => {
  token = (await signIn(emulator, 'alice')).access_token;
});

const get = (path: string, headers: Record<string, string> = {}) =>
  emulator.app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });

describe('ETags on JSON answers', () => {
  it.each([
    '/2.0/user',
    '/2.0/user/workspaces',
    '/2.0/workspaces/acme',
    '/2.0/repositories/acme?pagelen=5',
    W,
    `${W}/commits?pagelen=3`,
    `${W}/pullrequests?state=MERGED`,
    `${W}/pullrequests/1`,
    `${W}/src/main/?pagelen=5`,
    `${W}/src/main/README.md?format=meta`,
  ])(
    'tags %s by its bytes and answers a matching If-None-Match with an empty 304',
    async (path) => {
      const first = await get(path);
      expect(first.status).toBe(200);
      const body = await first.text();
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[0-9a-f]{40}"$/);

      const again = await get(path);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe(body);

      for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const revalidated = await get(path, { 'if-none-match': condition });
        expect(revalidated.status).toBe(304);
        expect(revalidated.headers.get('etag')).toBe(etag);
        expect(revalidated.headers.get('content-type')).toBeNull();
        expect(await revalidated.text()).toBe('');
      }
      const stale = await get(path, {
        'if-none-match': '"0000000000000000000000000000000000000000"',
      });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe(body);
    },
  );

  it('gives different representations different tags', async () => {
    const two = (await get(`${W}/commits?pagelen=2`)).headers.get('etag');
    const three = (await get(`${W}/commits?pagelen=3`)).headers.get('etag');
    expect(two).not.toBeNull();
    expect(two).not.toBe(three);
    // The tag is not a credential check: someone else's tag does not open another's answer.
    const revalidated = await emulator.app.request(W, { headers: { 'if-none-match': two ?? '' } });
    expect(revalidated.status).toBe(401);
  });

  it('tags no error answer', async () => {
    for (const path of [`${W}/pullrequests/99999`, '/2.0/repositories/acme/nothing-here']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('etag')).toBeNull();
      expect((await get(path, { 'if-none-match': '*' })).status).toBe(404);
    }
  });

  it("keeps a raw file's own tag (content and attributes, not the path)", async () => {
    const meta = await get(`${W}/src/main/README.md`);
    expect(meta.status).toBe(200);
    expect(meta.headers.get('content-type')).not.toMatch(/json/);
    const etag = meta.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect((await get(`${W}/src/main/README.md`, { 'if-none-match': etag })).status).toBe(304);
  });
});

describe('request log', () => {
  it('records the status of each answer, so full answers can be told from 304s', async () => {
    const etag = (await get(W)).headers.get('etag') ?? '';
    emulator.controls.clearRequests();
    await get(W);
    await get(W, { 'if-none-match': etag });
    await get(`${W}/pullrequests/99999`);
    await emulator.app.request(W);
    expect(emulator.controls.requests().map((r) => `${r.status} ${r.path} ${r.auth}`)).toEqual([
      `200 ${W} bearer`,
      `304 ${W} bearer`,
      `404 ${W}/pullrequests/99999 bearer`,
      `401 ${W} none`,
    ]);
    const overHttp = (await (await emulator.app.request('/_emulator/requests')).json()) as {
      status: number;
    }[];
    expect(overHttp.map((r) => r.status)).toEqual([200, 304, 404, 401]);
  });
});
