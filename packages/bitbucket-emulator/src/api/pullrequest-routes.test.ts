// GET …/pullrequests: OPEN by default, states, list items without reviewers, full items, diff redirects.
import type { Paginated, PullRequest } from '@pail/shared/bitbucket';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { PUBLIC_CONSUMER } from '../seed/consumers';
import { signIn } from '../testing/oauth-client';

const ORIGIN = 'http://bitbucket.test:8090';
const emulator = createEmulator({ origin: ORIGIN });
const W = '/2.0/repositories/acme/widgets';
let token = '';

beforeAll(async () => {
  token = (await signIn(emulator, 'alice')).access_token;
});

const get = (path: string, as = token) =>
  emulator.app.request(path.replace(ORIGIN, ''), { headers: { authorization: `Bearer ${as}` } });

async function list(path: string): Promise<PullRequest[]> {
  const out: PullRequest[] = [];
  let next: string | undefined = path;
  while (next) {
    const response = await get(next);
    expect(response.status, await response.clone().text()).toBe(200);
    const page = (await response.json()) as Paginated<PullRequest>;
    out.push(...page.values);
    next = page.next;
  }
  return out;
}

describe('GET …/pullrequests', () => {
  it('lists only OPEN pull requests by default, most recently updated first, without reviewers', async () => {
    const open = await list(`${W}/pullrequests`);
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(open.every((pr) => pr.state === 'OPEN')).toBe(true);
    const updated = open.map((pr) => Date.parse(pr.updated_on ?? ''));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    for (const pr of open) {
      expect(pr).not.toHaveProperty('reviewers');
      expect(pr).not.toHaveProperty('participants');
    }
    const darkMode = open.find((pr) => pr.source?.branch?.name === 'feature/dark-mode');
    expect(darkMode).toMatchObject({ destination: { branch: { name: 'main' } }, draft: false });
    expect(open.some((pr) => pr.draft === true)).toBe(true);
  });

  it('takes repeatable state= and has every state', async () => {
    const closed = await list(`${W}/pullrequests?state=MERGED&state=DECLINED&state=SUPERSEDED`);
    const states = new Set(closed.map((pr) => pr.state));
    expect([...states].sort()).toEqual(['DECLINED', 'MERGED', 'SUPERSEDED']);
    const merged = closed.filter((pr) => pr.state === 'MERGED');
    expect(merged.length).toBeGreaterThanOrEqual(10);
    expect(merged.every((pr) => /^[0-9a-f]{12}$/.test(pr.merge_commit?.hash ?? ''))).toBe(true);
    expect((await get(`${W}/pullrequests?state=BOGUS`)).status).toBe(400);
  });

  it('filters with q and sorts with sort', async () => {
    const q = encodeURIComponent('title ~ "dark"');
    const found = await list(`${W}/pullrequests?q=${q}`);
    expect(found.map((pr) => pr.title)).toEqual(['Dark mode for every widget']);
    const byId = await list(`${W}/pullrequests?state=MERGED&sort=id`);
    const ids = byId.map((pr) => pr.id ?? 0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('needs the pullrequest scope', async () => {
    const narrow = (await signIn(emulator, 'alice', PUBLIC_CONSUMER)).access_token;
    const response = await get(`${W}/pullrequests`, narrow);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { message: 'Your credentials lack one or more required privilege scopes.' },
    });
  });
});

describe('GET …/pullrequests/{id}', () => {
  it('answers the full pull request with reviewers and participants in every review state', async () => {
    const all = await list(
      `${W}/pullrequests?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED`,
    );
    const states = new Set<string | null>();
    for (const item of all) {
      const response = await get(`${W}/pullrequests/${item.id}`);
      const pr = (await response.json()) as PullRequest;
      expect(pr.id).toBe(item.id);
      expect(Array.isArray(pr.reviewers)).toBe(true);
      for (const p of pr.participants ?? []) {
        states.add(p.state ?? null);
        expect(p.approved).toBe(p.state === 'approved');
      }
    }
    expect(states).toEqual(new Set(['approved', 'changes_requested', null]));
    const merged = (await (await get(`${W}/pullrequests/1`)).json()) as PullRequest;
    expect(merged).toMatchObject({
      state: 'MERGED',
      author: { type: 'user' },
      source: { branch: { name: 'feature/cart' }, repository: { full_name: 'acme/widgets' } },
      links: { html: { href: `${ORIGIN}/acme/widgets/pull-requests/1` } },
    });
    expect(merged.participants?.some((p) => p.role === 'REVIEWER' && p.approved)).toBe(true);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await get(`${W}/pullrequests/9999`)).status).toBe(404);
    expect((await get(`${W}/pullrequests/abc`)).status).toBe(404);
  });

  it('redirects diff and diffstat to the repository’s /diff and /diffstat on the same host', async () => {
    const [darkMode] = await list(`${W}/pullrequests?q=${encodeURIComponent('title ~ "dark"')}`);
    for (const kind of ['diff', 'diffstat']) {
      const response = await get(`${W}/pullrequests/${darkMode?.id}/${kind}`);
      expect(response.status).toBe(302);
      const location = response.headers.get('location') ?? '';
      expect(location).toMatch(
        new RegExp(`^${ORIGIN}${W}/${kind}/[0-9a-f]{40}\\.\\.[0-9a-f]{40}$`),
      );
    }
    const followed = await emulator.fetch(`${ORIGIN}${W}/pullrequests/${darkMode?.id}/diff`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(followed.status).toBe(200);
    const text = await followed.text();
    expect(text).toContain('+++ b/src/theme/dark-mode.ts');
    expect(text.match(/^diff --git/gm)).toHaveLength(1);
  });

  it('lists the pull request’s own commits', async () => {
    const [darkMode] = await list(`${W}/pullrequests?q=${encodeURIComponent('title ~ "dark"')}`);
    const response = await get(`${W}/pullrequests/${darkMode?.id}/commits`);
    const page = (await response.json()) as Paginated<{ message: string }>;
    expect(page.values.map((c) => c.message)).toEqual([
      'Apply the dark palette through custom properties',
      'Add the dark palette',
    ]);
  });
});
