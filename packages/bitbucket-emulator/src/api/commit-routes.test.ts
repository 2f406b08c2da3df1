// GET …/commits, …/commit/{sha}, …/diff/{spec}, …/diffstat/{spec}: history, authors, and diffs that apply.
import { applyPatch, parsePatch } from 'diff';
import type { Commit, Diffstat, Paginated } from '@pail/shared/bitbucket';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { signIn } from '../testing/oauth-client';

const ORIGIN = 'http://bitbucket.test:8090';
const emulator = createEmulator({ origin: ORIGIN });
const W = '/2.0/repositories/acme/widgets';
let token = '';

beforeAll(async () => {
  token = (await signIn(emulator, 'alice')).access_token;
});

const get = (path: string) =>
  emulator.app.request(path.replace(ORIGIN, ''), { headers: { authorization: `Bearer ${token}` } });

async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

async function allCommits(path: string): Promise<Commit[]> {
  const out: Commit[] = [];
  let next: string | undefined = `${path}${path.includes('?') ? '&' : '?'}pagelen=100`;
  while (next) {
    const page: Paginated<Commit> = await json(next);
    out.push(...page.values);
    next = page.next;
  }
  return out;
}

async function raw(path: string, context?: string): Promise<string> {
  const response = await get(`${path}${context ?? ''}`);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  return response.text();
}

async function fileAt(hash: string, path: string): Promise<string> {
  const response = await get(
    `${W}/src/${hash}/${path.split('/').map(encodeURIComponent).join('/')}`,
  );
  return response.status === 200 ? response.text() : '';
}

describe('GET …/commits', () => {
  it('pages with only pagelen, values and next, 30 by default, newest first', async () => {
    const page = await json<Paginated<Commit>>(`${W}/commits/main`);
    expect(Object.keys(page).sort()).toEqual(['next', 'pagelen', 'values']);
    expect(page.pagelen).toBe(30);
    expect(page.values).toHaveLength(30);
    const dates = page.values.map((c) => Date.parse(c.date ?? ''));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('has about 300 commits on main, merges with two parents, authors with and without accounts', async () => {
    const commits = await allCommits(`${W}/commits/main`);
    expect(commits.length).toBeGreaterThanOrEqual(280);
    expect(commits.length).toBeLessThanOrEqual(320);
    expect(commits.filter((c) => (c.parents ?? []).length === 2).length).toBeGreaterThanOrEqual(10);
    const raws = new Set(commits.map((c) => c.author?.raw));
    expect(raws).toContain('Grace Hopper <grace@example.com>');
    expect(raws).toContain('build-bot <ci@acme.example>');
    const alice = commits.find((c) => c.author?.raw?.startsWith('Alice'));
    expect(alice?.author?.user).toMatchObject({ nickname: 'alice', type: 'user' });
    const grace = commits.find((c) => c.author?.raw?.startsWith('Grace'));
    expect(grace?.author).toEqual({ type: 'author', raw: 'Grace Hopper <grace@example.com>' });
    expect(commits.at(-1)?.message).toBe('Initial commit');
    expect(commits.at(-1)?.parents).toEqual([]);
  });

  it('lists every branch without a revision, and honours include/exclude', async () => {
    const main = await allCommits(`${W}/commits/main`);
    const everything = await allCommits(`${W}/commits`);
    expect(everything.length).toBeGreaterThan(main.length);
    const onlyDarkMode = await allCommits(
      `${W}/commits/${encodeURIComponent('feature/dark-mode')}?exclude=main`,
    );
    expect(onlyDarkMode.map((c) => c.message)).toEqual([
      'Apply the dark palette through custom properties',
      'Add the dark palette',
    ]);
    const both = await allCommits(
      `${W}/commits?include=${encodeURIComponent('feature/dark-mode')}&include=develop&exclude=main`,
    );
    expect(both.length).toBe(4);
  });

  it('filters by path, files and directories alike', async () => {
    const readme = await allCommits(`${W}/commits/main?path=README.md`);
    expect(readme.length).toBeGreaterThanOrEqual(4);
    expect(readme.map((c) => c.message?.split('\n')[0])).toContain(
      'README: document how merchant markup is sanitised',
    );
    const docs = await allCommits(`${W}/commits/main?path=docs/`);
    expect(docs.map((c) => c.message?.split('\n')[0])).toContain('Docs: add the widgets guide');
    expect(docs.length).toBeLessThan(readme.length + 10);
  });

  it('answers 404 for an unknown revision', async () => {
    const response = await get(`${W}/commits/no-such-branch`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { message: 'Commit not found' },
    });
  });
});

describe('GET …/commit/{sha}', () => {
  it('answers the full commit: summary, parents with links, repository, links', async () => {
    const [latest] = (await json<Paginated<Commit>>(`${W}/commits/main?pagelen=1`)).values;
    const commit = await json<Commit>(`${W}/commit/${latest?.hash}`);
    expect(commit).toMatchObject({
      type: 'commit',
      hash: latest?.hash,
      summary: { raw: commit.message, markup: 'markdown' },
      repository: { full_name: 'acme/widgets' },
      links: {
        html: { href: `${ORIGIN}/acme/widgets/commits/${latest?.hash}` },
        diff: { href: `${ORIGIN}${W}/diff/${latest?.hash}` },
      },
    });
    expect(commit.parents?.[0]).toMatchObject({
      type: 'commit',
      links: { self: { href: `${ORIGIN}${W}/commit/${commit.parents?.[0]?.hash}` } },
    });
    expect((await get(`${W}/commit/${latest?.hash?.slice(0, 12)}`)).status).toBe(200);
    expect((await get(`${W}/commit/deadbeefdeadbeef`)).status).toBe(404);
  });

  it('escapes HTML in the rendered summary', async () => {
    const commits = await allCommits(`${W}/commits/main`);
    const button = commits.find((c) => c.message?.startsWith('Add <acme-button>'));
    expect(button?.summary?.html).toContain('Add &lt;acme-button&gt;');
    expect(button?.summary?.html).not.toContain('<acme-button>');
  });
});

describe('GET …/diff/{spec}', () => {
  it('is a git-style diff of one commit against its first parent, and it applies', async () => {
    const commits = await allCommits(`${W}/commits/main?path=styles/theme.css`);
    const edit = commits.find((c) => c.message?.startsWith('Theme:')) as Commit;
    const text = await raw(`${W}/diff/${edit.hash}`);
    expect(text).toMatch(
      /^diff --git a\/styles\/theme.css b\/styles\/theme.css\nindex [0-9a-f]{7}\.\.[0-9a-f]{7} 100644\n--- a\/styles\/theme.css\n\+\+\+ b\/styles\/theme.css\n@@ /,
    );
    const parent = edit.parents?.[0]?.hash as string;
    const patched = applyPatch(await fileAt(parent, 'styles/theme.css'), text);
    expect(patched).toBe(await fileAt(edit.hash as string, 'styles/theme.css'));
  });

  it('applies: every file patch of a sample of commits turns the parent’s file into the commit’s', async () => {
    const commits = (await allCommits(`${W}/commits/main`)).filter(
      (c) => (c.parents ?? []).length === 1,
    );
    let applied = 0;
    for (const commit of commits.filter((_, i) => i % 6 === 0)) {
      const response = await get(`${W}/diff/${commit.hash}`);
      if (response.status === 555) continue;
      const parent = commit.parents?.[0]?.hash as string;
      for (const file of parsePatch(await response.text())) {
        if (file.hunks.length === 0) continue;
        const oldPath = file.oldFileName === '/dev/null' ? null : file.oldFileName?.slice(2);
        const newPath = file.newFileName === '/dev/null' ? null : file.newFileName?.slice(2);
        const before = oldPath ? await fileAt(parent, oldPath) : '';
        const after = newPath ? await fileAt(commit.hash as string, newPath) : '';
        expect(applyPatch(before, file), `${commit.hash} ${newPath ?? oldPath}`).toBe(after);
        applied += 1;
      }
    }
    expect(applied).toBeGreaterThan(30);
  });

  it('takes A..B with A the new side, three-dot by default, and honours path= and context=', async () => {
    const branch = await json<{ target: { hash: string } }>(
      `${W}/refs/branches/${encodeURIComponent('feature/dark-mode')}`,
    );
    const text = await raw(`${W}/diff/${branch.target.hash}..main`);
    expect(text).toContain(
      'diff --git a/src/theme/dark-mode.ts b/src/theme/dark-mode.ts\nnew file mode 100644\nindex 0000000..',
    );
    expect(text).toContain('--- /dev/null\n+++ b/src/theme/dark-mode.ts\n');
    expect(text.match(/^diff --git/gm)).toHaveLength(1);
    // Reversed, the feature's file is what main lacks: a deletion, plus whatever main changed meanwhile.
    const reversed = await raw(`${W}/diff/main..${branch.target.hash}?topic=false`);
    expect(reversed).toContain('deleted file mode 100644');
    const filtered = await raw(
      `${W}/diff/main..${branch.target.hash}?topic=false&path=src/theme/dark-mode.ts`,
    );
    expect(filtered.match(/^diff --git/gm)).toHaveLength(1);
    const wide = await raw(`${W}/diff/${branch.target.hash}?context=0`);
    expect(parsePatch(wide)[0]?.hunks.every((h) => h.lines.every((l) => !l.startsWith(' ')))).toBe(
      true,
    );
  });

  it('also takes the `{ws}/{repo}:{source}%0D{destination}` spec of Bitbucket’s pull request redirects', async () => {
    const branch = await json<{ target: { hash: string } }>(
      `${W}/refs/branches/${encodeURIComponent('feature/dark-mode')}`,
    );
    const main = await json<{ target: { hash: string } }>(`${W}/refs/branches/main`);
    const spec = `acme/widgets:${branch.target.hash.slice(0, 12)}%0D${main.target.hash.slice(0, 12)}`;
    expect(await raw(`${W}/diff/${spec}?from_pullrequest_id=25&topic=true`)).toBe(
      await raw(`${W}/diff/${branch.target.hash}..main`),
    );
    expect((await get(`${W}/diffstat/${spec}`)).status).toBe(200);
    expect(
      (
        await get(
          `${W}/diff/acme/other:${branch.target.hash.slice(0, 12)}%0D${main.target.hash.slice(0, 12)}`,
        )
      ).status,
    ).toBe(404);
  });

  it('marks renames and binary files as git does', async () => {
    const commits = await allCommits(`${W}/commits/main`);
    const texts = await Promise.all(
      commits
        .filter((c) => /^(Move|Reorganise) /.test(c.message ?? ''))
        .slice(0, 3)
        .map((c) => raw(`${W}/diff/${c.hash}`)),
    );
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts)
      expect(text).toMatch(/similarity index \d+%\nrename from .+\nrename to .+\n/);
    const release = commits.find((c) => c.message === 'Release v2.0.0') as Commit;
    const text = await raw(`${W}/diff/${release.hash}`);
    expect(text).toContain(
      'Binary files a/bin/widgets-linux-amd64 and b/bin/widgets-linux-amd64 differ',
    );
    expect(await raw(`${W}/diff/${release.hash}?binary=false`)).not.toContain('Binary files');
  });

  it('answers 555 with Bitbucket’s error body when the diff is too large', async () => {
    const [added] = await allCommits(`${W}/commits/main?path=data/large-fixture.txt`);
    const response = await get(`${W}/diff/${added?.hash}`);
    expect(response.status).toBe(555);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { message: 'Diff too large' },
    });
    const small = createEmulator({ origin: ORIGIN, maxDiffBytes: 50 });
    const smallToken = (await signIn(small, 'alice')).access_token;
    const tiny = await small.app.request(`${W}/diff/${added?.parents?.[0]?.hash}`, {
      headers: { authorization: `Bearer ${smallToken}` },
    });
    expect(tiny.status).toBe(555);
  });

  it('answers 404 for an unknown side and 400 for a bad parameter', async () => {
    expect((await get(`${W}/diff/main..nope`)).status).toBe(404);
    expect((await get(`${W}/diff/main?context=-1`)).status).toBe(400);
  });
});

describe('GET …/diffstat/{spec}', () => {
  it('pages 500 by default with status, line counts and commit_file sides', async () => {
    const [added] = await allCommits(`${W}/commits/main?path=data/large-fixture.txt`);
    const page = await json<Paginated<Diffstat>>(`${W}/diffstat/${added?.hash}`);
    expect(page.pagelen).toBe(500);
    expect(page.values).toEqual([
      {
        type: 'diffstat',
        status: 'added',
        lines_added: 26000,
        lines_removed: 0,
        old: null,
        new: {
          type: 'commit_file',
          path: 'data/large-fixture.txt',
          escaped_path: 'data/large-fixture.txt',
          links: { self: { href: `${ORIGIN}${W}/src/${added?.hash}/data/large-fixture.txt` } },
        },
      },
    ]);
    expect((await get(`${W}/diffstat/main?pagelen=5000`)).status).toBe(200);
    expect((await get(`${W}/diffstat/main?pagelen=5001`)).status).toBe(400);
  });

  it('reports renamed, modified and removed files', async () => {
    const commits = await allCommits(`${W}/commits/main`);
    const statuses = new Set<string>();
    for (const c of commits.filter((x) => (x.parents ?? []).length === 1).slice(0, 120)) {
      const page = await json<Paginated<Diffstat>>(`${W}/diffstat/${c.hash}`);
      for (const d of page.values) statuses.add(d.status ?? '');
    }
    expect([...statuses].sort()).toEqual(['added', 'modified', 'removed', 'renamed']);
  });
});
