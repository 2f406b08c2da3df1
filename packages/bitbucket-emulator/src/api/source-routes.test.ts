// GET …/src: the redirect, listings, meta objects, raw bytes with their headers, and the quirks clients meet.
import type { CommitDirectory, CommitFile, Paginated } from '@pail/shared/bitbucket';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { PUBLIC_CONSUMER } from '../seed/consumers';
import { apiGet, signIn } from '../testing/oauth-client';

const ORIGIN = 'http://bitbucket.test:8090';
const emulator = createEmulator({ origin: ORIGIN });
const W = '/2.0/repositories/acme/widgets';
const tokens: Record<string, string> = {};
let head = '';

type Entry = CommitFile | CommitDirectory;

beforeAll(async () => {
  for (const nickname of ['alice', 'dave']) {
    tokens[nickname] = (await signIn(emulator, nickname)).access_token;
  }
  const redirect = await apiGet(emulator, `${W}/src`, tokens.alice);
  head = /\/src\/([0-9a-f]{40})\/$/.exec(redirect.headers.get('location') ?? '')?.[1] ?? '';
});

const get = (path: string, headers: Record<string, string> = {}) =>
  emulator.app.request(path, { headers: { authorization: `Bearer ${tokens.alice}`, ...headers } });

async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

async function listAll(path: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let next: string | undefined = `${path}${path.includes('?') ? '&' : '?'}pagelen=100`;
  while (next) {
    const page: Paginated<Entry> = await json(next.replace(ORIGIN, ''));
    out.push(...page.values);
    next = page.next;
  }
  return out;
}

describe('GET …/src', () => {
  it('redirects to the main branch head’s root listing', async () => {
    const response = await get(`${W}/src`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${ORIGIN}${W}/src/${head}/`);
    const main = await json<Paginated<Entry>>(`${W}/src/main/`);
    expect(main.values[0]?.commit?.hash).toBe(head);
  });

  it('lists the root with paths from the root, in tree order, paginated', async () => {
    const first = await json<Paginated<Entry>>(`${W}/src/${head}/`);
    expect(first.pagelen).toBe(10);
    expect(first.next).toContain(`${ORIGIN}${W}/src/${head}/?page=2`);
    const entries = await listAll(`${W}/src/${head}/`);
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual([
      'commit_file:.gitignore',
      'commit_file:CHANGELOG.md',
      'commit_file:Dockerfile',
      'commit_file:LICENSE',
      'commit_file:README.md',
      'commit_directory:assets',
      'commit_directory:bin',
      'commit_directory:data',
      'commit_directory:docs',
      'commit_file:package.json',
      'commit_directory:public',
      'commit_directory:scripts',
      'commit_directory:src',
      'commit_directory:styles',
      'commit_directory:tools',
      'commit_file:tsconfig.json',
    ]);
    const readme = entries.find((e) => e.path === 'README.md') as CommitFile;
    expect(readme.links?.self?.href).toBe(`${ORIGIN}${W}/src/${head}/README.md`);
    const docs = entries.find((e) => e.path === 'docs') as CommitDirectory;
    expect(docs.links?.self?.href).toBe(`${ORIGIN}${W}/src/${head}/docs/`);
  });

  it('lists a nested directory with full paths, and recursively with max_depth', async () => {
    const button = await listAll(`${W}/src/main/src/components/button/`);
    expect(button.map((e) => e.path)).toEqual([
      'src/components/button/button.test.tsx',
      'src/components/button/button.tsx',
    ]);
    const deep = await listAll(`${W}/src/main/src/?max_depth=3`);
    const paths = deep.map((e) => e.path);
    expect(paths).toContain('src/components/button/button.tsx');
    expect(paths).toContain('src/lib/format/format-date.ts');
    expect(paths).toContain('src/components');
    const shallow = await listAll(`${W}/src/main/src/`);
    expect(shallow.every((e) => (e.path ?? '').split('/').length === 2)).toBe(true);
  });

  it('answers a directory’s meta object without the trailing slash, and with format=meta', async () => {
    const meta = await json<CommitDirectory>(`${W}/src/main/docs`);
    expect(meta).toMatchObject({ type: 'commit_directory', path: 'docs', commit: { hash: head } });
    const root = await json<CommitDirectory>(`${W}/src/${head}`);
    expect(root).toMatchObject({ type: 'commit_directory', path: '' });
    expect(await json<CommitDirectory>(`${W}/src/main/docs/?format=meta`)).toEqual(meta);
  });

  it('serves raw bytes as an attachment with the extension’s type and a strong ETag', async () => {
    const response = await get(`${W}/src/main/README.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="README.md"');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const text = await response.text();
    expect(text).toContain('# Widgets');
    expect(text).toContain('## Getting started');
    expect(text).toContain('[the guide](docs/guide.md)');
    expect(text).toContain('![Widgets logo](docs/images/logo.png)');
    expect(text).toContain("<script>window.__pailXss = 'readme-script'</script>");
    expect(text).toContain('onerror="window.__pailXss = \'readme-onerror\'"');
    expect(text).toContain("[Click me](javascript:window.__pailXss='readme-href')");
    expect(text).toMatch(/```ts\n/);
    expect(text).toMatch(/```sh\n/);
    expect(text).toMatch(/\| --- \| --- \|/);

    const again = await get(`${W}/src/${head}/README.md`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await get(`${W}/src/${head}/README.md`, { 'if-none-match': '"0000"' });
    expect(stale.status).toBe(200);
  });

  it('serves hostile HTML and SVG only as attachments, and binaries byte for byte', async () => {
    const html = await get(`${W}/src/main/public/demo.html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-disposition')).toBe('attachment; filename="demo.html"');
    expect(await html.text()).toContain("window.__pailXss='html'; document.title='pwned'");
    const svg = await get(`${W}/src/main/assets/logo.svg`);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svgText = await svg.text();
    expect(svgText).toContain("<script>window.__pailXss='svg'</script>");
    expect(svgText).toMatch(/onload=/);

    const png = new Uint8Array(
      await (await get(`${W}/src/main/docs/images/logo.png`)).arrayBuffer(),
    );
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(new TextDecoder().decode(png.slice(12, 16))).toBe('IHDR');

    const bin = await get(`${W}/src/main/bin/widgets-linux-amd64`);
    expect(bin.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = new Uint8Array(await bin.arrayBuffer());
    expect(bytes.includes(0)).toBe(true);
    const meta = await json<CommitFile>(`${W}/src/main/bin/widgets-linux-amd64?format=meta`);
    expect(meta).toMatchObject({ type: 'commit_file', size: bytes.byteLength });
    expect(meta.attributes).toEqual(['executable', 'binary']);
  });

  it('gives meta for a file: path, size, mimetype, attributes, commit and links', async () => {
    const meta = await json<CommitFile>(`${W}/src/main/scripts/release.py?format=meta`);
    expect(meta).toMatchObject({
      type: 'commit_file',
      path: 'scripts/release.py',
      mimetype: 'text/x-python',
      attributes: ['executable'],
      commit: { type: 'commit', hash: head },
      links: { meta: { href: `${ORIGIN}${W}/src/${head}/scripts/release.py?format=meta` } },
    });
    const large = await json<CommitFile>(`${W}/src/main/data/large-fixture.txt?format=meta`);
    expect(large.size).toBeGreaterThan(1_900_000);
  });

  it('renders Markdown with format=rendered, inert, and refuses files that are not markup', async () => {
    const body = await json<{ raw: string; markup: string; html: string; type: string }>(
      `${W}/src/main/README.md?format=rendered`,
    );
    expect(body.type).toBe('rendered');
    expect(body.markup).toBe('markdown');
    expect(body.raw).toContain('# Widgets');
    expect(body.html).toContain('<h1 id="markdown-header-widgets">Widgets</h1>');
    expect(body.html).toContain('<table>');
    // The hostile snippets appear as text: no script element, no handler inside a tag, no script URL.
    expect(body.html).not.toMatch(/<script|<[a-z][^>]*\son\w+=|href="javascript/i);
    expect(body.html).toContain('&lt;script&gt;');
    const binary = await get(`${W}/src/main/bin/widgets-linux-amd64?format=rendered`);
    expect(binary.status).toBe(400);
    expect((await get(`${W}/src/main/src/index.ts?format=rendered`)).status).toBe(400);
  });

  it('handles spaces and unicode in paths and names the download with filename*', async () => {
    const path = `${W}/src/main/docs/${encodeURIComponent('Café notes — 2026.md')}`;
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Caf_ notes _ 2026.md"; filename*=UTF-8''Caf%C3%A9%20notes%20%E2%80%94%202026.md`,
    );
    expect(await response.text()).toContain('# Café notes — 2026');
  });

  it('resolves tags and short hashes, but not branch names containing a slash', async () => {
    expect((await get(`${W}/src/v1.0.0/README.md`)).status).toBe(200);
    expect((await get(`${W}/src/${head.slice(0, 7)}/README.md`)).status).toBe(200);
    for (const name of ['feature/dark-mode', 'feature%2Fdark-mode']) {
      const response = await get(`${W}/src/${name}/src/theme/dark-mode.ts`);
      expect(response.status, name).toBe(404);
      expect(await response.json()).toMatchObject({
        type: 'error',
        error: { message: 'Commit not found' },
      });
    }
  });

  it('has src/theme/dark-mode.ts only on feature/dark-mode', async () => {
    const branch = await json<{ target: { hash: string } }>(
      `${W}/refs/branches/${encodeURIComponent('feature/dark-mode')}`,
    );
    const onBranch = await get(`${W}/src/${branch.target.hash}/src/theme/dark-mode.ts`);
    expect(onBranch.status).toBe(200);
    expect(await onBranch.text()).toContain('prefersDark');
    const onMain = await get(`${W}/src/main/src/theme/dark-mode.ts`);
    expect(onMain.status).toBe(404);
    expect(await onMain.json()).toEqual({
      type: 'error',
      error: { message: 'No such file or directory: src/theme/dark-mode.ts' },
    });
  });

  it('answers 404 for unknown revisions and paths, and for a file asked as a directory', async () => {
    expect((await get(`${W}/src/0000000/`)).status).toBe(404);
    expect((await get(`${W}/src/main/nope.txt`)).status).toBe(404);
    expect((await get(`${W}/src/main/README.md/`)).status).toBe(404);
    expect((await get(`${W}/src/main/?max_depth=zero`)).status).toBe(400);
  });

  it('keeps private repositories’ content from those who cannot see them; the repository scope suffices', async () => {
    const privateRepo = '/2.0/repositories/northwind';
    const list = await apiGet(
      emulator,
      `${privateRepo}?pagelen=1`,
      (await signIn(emulator, 'carol')).access_token,
    );
    const slug = ((await list.json()) as { values: { slug: string }[] }).values[0]?.slug;
    const hidden = await apiGet(emulator, `/2.0/repositories/northwind/${slug}/src`, tokens.dave);
    expect(hidden.status).toBe(404);
    const narrow = (await signIn(emulator, 'alice', PUBLIC_CONSUMER)).access_token;
    expect((await apiGet(emulator, `${W}/src/main/README.md`, narrow)).status).toBe(200);
  });
});
