// GET …/refs/branches and …/refs/tags: the seeded refs, natural order, q, sort, single refs and ETags.
import type { Branch, Paginated, Tag } from '@pail/shared/bitbucket';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { signIn } from '../testing/oauth-client';

const ORIGIN = 'http://bitbucket.test:8090';
const emulator = createEmulator({ origin: ORIGIN });
const W = '/2.0/repositories/acme/widgets';
let token = '';

beforeAll(async () => {
  token = (await signIn(emulator, 'bob')).access_token;
});

const get = (path: string, headers: Record<string, string> = {}) =>
  emulator.app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });

async function names(path: string): Promise<string[]> {
  const response = await get(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as Paginated<Branch | Tag>).values.map((r) => r.name ?? '');
}

describe('GET …/refs/branches', () => {
  it('lists the seeded branches in natural name order, each with its target commit', async () => {
    expect(await names(`${W}/refs/branches`)).toEqual([
      'bugfix/PAIL-42/login-redirect',
      'develop',
      'feature/dark-mode',
      'main',
      'release/2.x',
    ]);
    const page = (await (await get(`${W}/refs/branches?pagelen=1`)).json()) as Paginated<Branch>;
    expect(page.next).toBe(`${ORIGIN}${W}/refs/branches?pagelen=1&page=2`);
    expect(page.values[0]).toMatchObject({
      type: 'branch',
      target: { type: 'commit', hash: expect.stringMatching(/^[0-9a-f]{40}$/) },
      links: {
        self: { href: `${ORIGIN}${W}/refs/branches/bugfix%2FPAIL-42%2Flogin-redirect` },
      },
    });
  });

  it('filters with q and sorts by -name or target.date', async () => {
    expect(await names(`${W}/refs/branches?q=${encodeURIComponent('name ~ "feat"')}`)).toEqual([
      'feature/dark-mode',
    ]);
    expect(await names(`${W}/refs/branches?sort=-name`)).toEqual([
      'release/2.x',
      'main',
      'feature/dark-mode',
      'develop',
      'bugfix/PAIL-42/login-redirect',
    ]);
    const byDate = await names(`${W}/refs/branches?sort=-target.date`);
    expect(byDate[0]).toBe('develop');
    expect(byDate.at(-1)).toBe('release/2.x');
    expect((await get(`${W}/refs/branches?q=${encodeURIComponent('colour = "red"')}`)).status).toBe(
      400,
    );
  });

  it('answers one branch by its URL-encoded name, 404 for an unknown one', async () => {
    const response = await get(
      `${W}/refs/branches/${encodeURIComponent('bugfix/PAIL-42/login-redirect')}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'bugfix/PAIL-42/login-redirect' });
    const missing = await get(`${W}/refs/branches/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'error' });
  });

  it('sends an ETag and answers 304 to If-None-Match', async () => {
    const first = await get(`${W}/refs/branches`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const again = await get(`${W}/refs/branches`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get(`${W}/refs/branches?pagelen=2`, { 'if-none-match': etag })).status).toBe(200);
    const one = await get(`${W}/refs/branches/main`);
    const oneTag = one.headers.get('etag') ?? '';
    expect((await get(`${W}/refs/branches/main`, { 'if-none-match': `W/${oneTag}` })).status).toBe(
      304,
    );
  });
});

describe('GET …/refs/tags', () => {
  it('sorts by name naturally: v1.10.0 after v1.2.0', async () => {
    expect(await names(`${W}/refs/tags?sort=name`)).toEqual([
      'v0.9.0',
      'v1.0.0',
      'v1.2.0',
      'v1.10.0',
      'v2.0.0',
      'v2.0.0-rc.1',
    ]);
  });

  it('carries the tagger, message and date; the tag’s commit has the release’s package.json', async () => {
    const response = await get(`${W}/refs/tags/v1.10.0`);
    const tag = (await response.json()) as Tag;
    expect(tag).toMatchObject({
      type: 'tag',
      name: 'v1.10.0',
      message: 'Release v1.10.0\n',
      tagger: { raw: 'build-bot <ci@acme.example>' },
    });
    const manifest = await get(`${W}/src/v1.10.0/package.json`);
    expect(await manifest.text()).toContain('"version": "1.10.0"');
    expect((await get(`${W}/refs/tags/v9.9.9`)).status).toBe(404);
  });

  it('lists branches and tags together under /refs', async () => {
    const all = await names(`${W}/refs?pagelen=100`);
    expect(all).toHaveLength(11);
    expect(all).toContain('v2.0.0');
    expect(all).toContain('main');
  });
});
