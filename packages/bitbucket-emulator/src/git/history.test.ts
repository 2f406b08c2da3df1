// The in-memory Git model: ids, revisions, history walks, merge bases, and diffs Git itself would print.
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from './history-builder';
import { makeBlob } from './objects';
import { diffSnapshots } from './tree-diff';
import { countLines, escapePath, formatFileDiff } from './unified-diff';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
let minute = 0;
const at = () =>
  new Date(Date.UTC(2026, 0, 1, 9, (minute += 1))).toISOString().replace('Z', '000+00:00');

function sample() {
  const b = new HistoryBuilder();
  const root = b.commit('main', {
    author: ada,
    date: at(),
    message: 'Initial commit',
    changes: [
      { path: 'README.md', content: '# Demo\n\nOne.\nTwo.\nThree.\n' },
      { path: 'src/a.ts', content: 'export const a = 1;\n' },
      { path: 'bin/tool', content: new Uint8Array([0x7f, 0x45, 0, 1, 2]), mode: '100755' },
    ],
  });
  b.createBranch('topic', 'main');
  const topic = b.commit('topic', {
    author: ada,
    date: at(),
    message: 'Add b',
    changes: [{ path: 'src/b.ts', content: 'export const b = 2;\n' }],
  });
  const second = b.commit('main', {
    author: ada,
    date: at(),
    message: 'Edit README, move a',
    changes: [
      { path: 'README.md', content: '# Demo\n\nOne.\nTwo and a half.\nThree.\n' },
      { path: 'lib/a.ts', from: 'src/a.ts' },
    ],
  });
  const merge = b.merge('main', 'topic', { author: ada, date: at(), message: 'Merge topic' });
  b.tag('v1.0.0', merge.hash, ada, merge.date, 'Release');
  return { content: b.build('main'), root, topic, second, merge };
}

describe('objects', () => {
  it('gives blobs the id Git gives them', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(makeBlob('hello\n').id).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(makeBlob('').id).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});

describe('RepositoryContent', () => {
  it('resolves branches, tags, full and abbreviated hashes, and nothing else', () => {
    const { content, merge, root } = sample();
    expect(content.resolve('main')?.hash).toBe(merge.hash);
    expect(content.resolve('v1.0.0')?.hash).toBe(merge.hash);
    expect(content.resolve(root.hash)?.hash).toBe(root.hash);
    expect(content.resolve(root.hash.slice(0, 7))?.hash).toBe(root.hash);
    expect(content.resolve(root.hash.slice(0, 3))).toBeUndefined();
    expect(content.resolve('nope')).toBeUndefined();
    expect(content.resolve('topic/x')).toBeUndefined();
  });

  it('logs newest first, honours exclusions, and finds merge bases', () => {
    const { content, root, topic, second, merge } = sample();
    expect(content.log([merge.hash]).map((c) => c.hash)).toEqual([
      merge.hash,
      second.hash,
      topic.hash,
      root.hash,
    ]);
    expect(content.log([merge.hash], [second.hash]).map((c) => c.hash)).toEqual([
      merge.hash,
      topic.hash,
    ]);
    expect(content.mergeBase(topic.hash, second.hash)?.hash).toBe(root.hash);
    expect(merge.parents).toEqual([second.hash, topic.hash]);
    expect([...merge.snapshot.keys()].sort()).toEqual([
      'README.md',
      'bin/tool',
      'lib/a.ts',
      'src/b.ts',
    ]);
  });

  it('lists directories in Git tree order with files and subdirectories', () => {
    const { content, merge } = sample();
    expect(content.children(merge.snapshot, '')?.map((c) => `${c.kind}:${c.path}`)).toEqual([
      'file:README.md',
      'directory:bin',
      'directory:lib',
      'directory:src',
    ]);
    expect(content.isDirectory(merge.snapshot, 'lib')).toBe(true);
    expect(content.isDirectory(merge.snapshot, 'README.md')).toBe(false);
  });
});

describe('diffs', () => {
  it('marks renames, edits and additions as git does, and the hunks apply', () => {
    const { root, second } = sample();
    const deltas = diffSnapshots(root.snapshot, second.snapshot);
    expect(deltas.map((d) => `${d.status}:${d.oldPath}->${d.newPath}`)).toEqual([
      'modified:README.md->README.md',
      'renamed:src/a.ts->lib/a.ts',
    ]);
    const readme = formatFileDiff(deltas[0]!);
    expect(readme).toBe(
      [
        'diff --git a/README.md b/README.md',
        `index ${root.snapshot.get('README.md')!.blob.id.slice(0, 7)}..${second.snapshot.get('README.md')!.blob.id.slice(0, 7)} 100644`,
        '--- a/README.md',
        '+++ b/README.md',
        '@@ -1,5 +1,5 @@',
        ' # Demo',
        ' ',
        ' One.',
        '-Two.',
        '+Two and a half.',
        ' Three.',
        '',
      ].join('\n'),
    );
    const before = new TextDecoder().decode(root.snapshot.get('README.md')!.blob.bytes);
    expect(applyPatch(before, readme)).toBe('# Demo\n\nOne.\nTwo and a half.\nThree.\n');
    expect(formatFileDiff(deltas[1]!)).toBe(
      'diff --git a/src/a.ts b/lib/a.ts\nsimilarity index 100%\nrename from src/a.ts\nrename to lib/a.ts\n',
    );
    expect(countLines(deltas[0]!)).toEqual({ added: 1, removed: 1 });
  });

  it('prints new, deleted and binary files with Git headers', () => {
    const { root } = sample();
    const added = diffSnapshots(new Map(), root.snapshot);
    const text = added.map((d) => formatFileDiff(d)).join('');
    expect(text).toContain(
      'diff --git a/bin/tool b/bin/tool\nnew file mode 100755\nindex 0000000..',
    );
    expect(text).toContain('Binary files /dev/null and b/bin/tool differ\n');
    expect(text).toContain('--- /dev/null\n+++ b/src/a.ts\n@@ -0,0 +1 @@\n+export const a = 1;\n');
    const removed = diffSnapshots(root.snapshot, new Map());
    const gone = formatFileDiff(removed.find((d) => d.oldPath === 'README.md')!);
    expect(gone).toMatch(
      /^diff --git a\/README.md b\/README.md\ndeleted file mode 100644\nindex [0-9a-f]{7}\.\.0000000\n--- a\/README.md\n\+\+\+ \/dev\/null\n@@ -1,5 \+0,0 @@\n/,
    );
    expect(countLines(added.find((d) => d.newPath === 'bin/tool')!)).toEqual({
      added: 0,
      removed: 0,
    });
  });

  it('quotes non-ASCII paths the way core.quotePath does', () => {
    expect(escapePath('docs/Café notes — 2026.md')).toBe(
      '"docs/Caf\\303\\251 notes \\342\\200\\224 2026.md"',
    );
    expect(escapePath('plain path.md')).toBe('plain path.md');
  });
});
