import type { Paginated, Repository } from '@pail/shared/bitbucket';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { apiGet, signIn } from '../testing/oauth-client';

const emulator = createEmulator({ origin: 'http://bitbucket.test:8090' });
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const nickname of ['alice', 'bob', 'carol', 'dave']) {
    tokens[nickname] = (await signIn(emulator, nickname)).access_token;
  }
});

async function list(path: string, nickname = 'alice'): Promise<Paginated<Repository>> {
  const response = await apiGet(emulator, path, tokens[nickname]);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Paginated<Repository>;
}

/** Every item of a collection, following `next` links. */
async function all(path: string, nickname = 'alice'): Promise<Repository[]> {
  const out: Repository[] = [];
  let next: string | undefined = `${path}${path.includes('?') ? '&' : '?'}pagelen=100`;
  while (next) {
    const page: Paginated<Repository> = await list(
      next.replace('http://bitbucket.test:8090', ''),
      nickname,
    );
    out.push(...page.values);
    next = page.next;
  }
  return out;
}

describe('GET /2.0/repositories/{workspace}', () => {
  it('pages with absolute next/previous links on the emulator origin, keeping the other parameters', async () => {
    const first = await list('/2.0/repositories/acme?q=is_private%3Dtrue');
    expect(first.pagelen).toBe(10);
    expect(first.page).toBe(1);
    expect(first.values).toHaveLength(10);
    expect(first.previous).toBeUndefined();
    const next = new URL(first.next ?? '');
    expect(next.origin).toBe('http://bitbucket.test:8090');
    expect(next.pathname).toBe('/2.0/repositories/acme');
    expect(next.searchParams.get('q')).toBe('is_private=true');
    expect(next.searchParams.get('page')).toBe('2');
    const second = await list(`${next.pathname}${next.search}`);
    expect(second.page).toBe(2);
    expect(second.previous).toBe(
      'http://bitbucket.test:8090/2.0/repositories/acme?q=is_private%3Dtrue&page=1',
    );
    expect(second.values[0]?.full_name).not.toBe(first.values[0]?.full_name);
  });

  it('lists every repository alice can see in acme (≥ 260) exactly once across pages', async () => {
    const repos = await all('/2.0/repositories/acme');
    expect(repos.length).toBeGreaterThanOrEqual(260);
    expect(new Set(repos.map((r) => r.full_name)).size).toBe(repos.length);
    const first = await list('/2.0/repositories/acme');
    expect(first.size).toBe(repos.length);
  });

  it('has no next link on the last page and an empty page past the end', async () => {
    const last = await list('/2.0/repositories/alice');
    expect(last.next).toBeUndefined();
    expect(last.values.length).toBe(last.size);
    const beyond = await list('/2.0/repositories/alice?page=9');
    expect(beyond.values).toEqual([]);
    expect(beyond.next).toBeUndefined();
    expect(beyond.previous).toBeDefined();
  });

  it.each(['101', '0', 'ten', '-5'])(
    'answers pagelen=%s with 400 "Invalid pagelen"',
    async (pagelen) => {
      const response = await apiGet(
        emulator,
        `/2.0/repositories/acme?pagelen=${pagelen}`,
        tokens.alice,
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        type: 'error',
        error: { message: 'Invalid pagelen' },
      });
    },
  );

  it('accepts pagelen=1 and pagelen=100', async () => {
    expect((await list('/2.0/repositories/acme?pagelen=1')).values).toHaveLength(1);
    expect((await list('/2.0/repositories/acme?pagelen=100')).values).toHaveLength(100);
  });

  it('answers page=0 with 400', async () => {
    expect((await apiGet(emulator, '/2.0/repositories/acme?page=0', tokens.alice)).status).toBe(
      400,
    );
  });

  it('sorts by -updated_on with acme/widgets first', async () => {
    const page = await list('/2.0/repositories/acme?sort=-updated_on');
    expect(page.values[0]?.full_name).toBe('acme/widgets');
    const dates = page.values.map((r) => r.updated_on ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it.each(['name', 'size', 'created_on', '-name', 'project.key'])('sorts by %s', async (sort) => {
    const repos = (await list(`/2.0/repositories/acme?pagelen=100&sort=${sort}`)).values;
    const field = sort.replace(/^-/, '');
    const key = (r: Repository) => (field === 'project.key' ? r.project?.key : r[field as 'name']);
    const keys = repos.map(key);
    const sorted = [...keys].sort((a, b) =>
      typeof a === 'number' && typeof b === 'number'
        ? a - b
        : String(a).toLowerCase().localeCompare(String(b).toLowerCase(), 'en'),
    );
    expect(keys).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
  });

  it('filters with q: contains, equality, dotted fields, IN, dates, numbers', async () => {
    const widg = await all('/2.0/repositories/acme?q=' + encodeURIComponent('name ~ "WIDG"'));
    expect(widg.map((r) => r.slug)).toContain('widgets');
    const pay = await all('/2.0/repositories/acme?q=' + encodeURIComponent('project.key = "PAY"'));
    expect(pay.length).toBeGreaterThan(0);
    expect(pay.every((r) => r.project?.key === 'PAY')).toBe(true);
    const some = await all(
      '/2.0/repositories/acme?q=' +
        encodeURIComponent('project.key IN ("DS", "MOB") AND is_private = false'),
    );
    expect(
      some.every((r) => ['DS', 'MOB'].includes(r.project?.key ?? '') && r.is_private === false),
    ).toBe(true);
    const recent = await all(
      '/2.0/repositories/acme?q=' + encodeURIComponent('updated_on >= 2026-11-21'),
    );
    expect(recent.map((r) => r.full_name)).toEqual(['acme/widgets']);
    const big = await all(
      '/2.0/repositories/acme?q=' + encodeURIComponent('size > 100000000 AND language = "go"'),
    );
    expect(big.every((r) => (r.size ?? 0) > 100_000_000 && r.language === 'go')).toBe(true);
    const undocumented = await all(
      '/2.0/repositories/acme?q=' + encodeURIComponent('description = ""'),
    );
    expect(undocumented.every((r) => r.description === '')).toBe(true);
  });

  it('answers a query syntax error and an unknown field with 400', async () => {
    const syntax = await apiGet(
      emulator,
      '/2.0/repositories/acme?q=' + encodeURIComponent('name ='),
      tokens.alice,
    );
    expect(syntax.status).toBe(400);
    expect(await syntax.json()).toMatchObject({
      type: 'error',
      error: { message: 'Invalid query' },
    });
    const field = await apiGet(
      emulator,
      '/2.0/repositories/acme?q=' + encodeURIComponent('colour = "red"'),
      tokens.alice,
    );
    expect(field.status).toBe(400);
    const sort = await apiGet(emulator, '/2.0/repositories/acme?sort=colour', tokens.alice);
    expect(sort.status).toBe(400);
  });

  it('filters by role', async () => {
    const member = await all('/2.0/repositories/acme?role=member', 'bob');
    const contributor = await all('/2.0/repositories/acme?role=contributor', 'bob');
    const admin = await all('/2.0/repositories/acme?role=admin', 'bob');
    expect(contributor.length).toBeLessThan(member.length);
    expect(contributor.length).toBeGreaterThan(0);
    expect(admin).toEqual([]);
    expect((await all('/2.0/repositories/acme?role=admin', 'alice')).length).toBeGreaterThanOrEqual(
      260,
    );
    expect((await all('/2.0/repositories/alice?role=owner', 'alice')).length).toBe(4);
    expect((await all('/2.0/repositories/acme?role=owner', 'alice')).length).toBe(0);
    expect((await apiGet(emulator, '/2.0/repositories/acme?role=boss', tokens.alice)).status).toBe(
      400,
    );
  });

  it('hides private repositories from those without access, and private workspaces from non-members', async () => {
    const alice = await all('/2.0/repositories/acme', 'alice');
    const bob = await all('/2.0/repositories/acme', 'bob');
    const dave = await all('/2.0/repositories/acme', 'dave');
    const security = alice.filter((r) => r.project?.key === 'SEC');
    expect(security.length).toBeGreaterThan(0);
    expect(bob.some((r) => r.project?.key === 'SEC')).toBe(false);
    expect(bob.length).toBe(alice.length - security.length);
    expect(dave.length).toBeGreaterThan(0);
    expect(dave.every((r) => r.is_private === false)).toBe(true);
    const northwind = await apiGet(emulator, '/2.0/repositories/northwind', tokens.bob);
    expect(northwind.status).toBe(404);
    expect(await northwind.json()).toEqual({
      type: 'error',
      error: { message: "No workspace with identifier 'northwind'." },
    });
    expect((await all('/2.0/repositories/northwind', 'carol')).length).toBe(15);
  });

  it('answers an unknown workspace with 404', async () => {
    expect((await apiGet(emulator, '/2.0/repositories/nowhere', tokens.alice)).status).toBe(404);
  });
});

describe('GET /2.0/repositories/{workspace}/{repo_slug}', () => {
  it('returns the repository with the fields Pail reads', async () => {
    const response = await apiGet(emulator, '/2.0/repositories/acme/widgets', tokens.alice);
    expect(response.status).toBe(200);
    const repo = (await response.json()) as Repository;
    expect(repo).toMatchObject({
      type: 'repository',
      full_name: 'acme/widgets',
      slug: 'widgets',
      name: 'widgets',
      is_private: true,
      language: 'typescript',
      mainbranch: { name: 'main', type: 'branch' },
      project: { key: 'WEB', name: 'Web', type: 'project' },
      workspace: { slug: 'acme', name: 'Acme Corporation', type: 'workspace' },
      owner: { type: 'team', display_name: 'Acme Corporation' },
      updated_on: '2026-11-24T16:42:11.532871+00:00',
    });
    expect(repo.created_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(repo.links?.clone).toEqual([
      { name: 'https', href: 'http://bitbucket.test:8090/acme/widgets.git' },
      { name: 'ssh', href: 'ssh://git@bitbucket.test:8090/acme/widgets.git' },
    ]);
    expect(repo.links?.avatar?.href).toBe(
      'http://bitbucket.test:8090/avatars/repositories/acme/widgets.svg',
    );
    expect(repo.links?.self?.href).toBe('http://bitbucket.test:8090/2.0/repositories/acme/widgets');
  });

  it('resolves {uuid} ids (URL-encoded), also under the empty workspace {}', async () => {
    const repo = (await (
      await apiGet(emulator, '/2.0/repositories/acme/widgets', tokens.alice)
    ).json()) as Repository;
    const workspaceUuid = encodeURIComponent(repo.workspace?.uuid ?? '');
    const repoUuid = encodeURIComponent(repo.uuid ?? '');
    for (const path of [
      `/2.0/repositories/${workspaceUuid}/${repoUuid}`,
      `/2.0/repositories/acme/${repoUuid}`,
      `/2.0/repositories/${workspaceUuid}/widgets`,
      `/2.0/repositories/%7B%7D/${repoUuid}`,
    ]) {
      const response = await apiGet(emulator, path, tokens.alice);
      expect(response.status, path).toBe(200);
      expect(((await response.json()) as Repository).full_name).toBe('acme/widgets');
    }
  });

  it('answers a repository the caller cannot see exactly like one that does not exist', async () => {
    const hidden = await apiGet(emulator, '/2.0/repositories/acme/widgets', tokens.dave);
    const missing = await apiGet(emulator, '/2.0/repositories/acme/no-such-repo', tokens.alice);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
  });

  it('shows a public repository to a non-member', async () => {
    const response = await apiGet(emulator, '/2.0/repositories/acme/design-system', tokens.dave);
    expect(response.status).toBe(200);
  });

  it('accepts a trailing slash', async () => {
    expect((await apiGet(emulator, '/2.0/repositories/acme/widgets/', tokens.alice)).status).toBe(
      200,
    );
  });
});
