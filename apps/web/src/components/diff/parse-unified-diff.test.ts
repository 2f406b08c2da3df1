import { describe, expect, it } from 'vitest';
import { pairLines } from './diff-file-view';
import { diffFilePath, parseUnifiedDiff, unquote } from './parse-unified-diff';

const MODIFIED = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,3 +1,4 @@ export function x
 const a = 1;
-const b = 2;
+const b = 3;
+const c = 4;
 export {};
`;

describe('parseUnifiedDiff', () => {
  it('numbers context, added and removed lines on both sides', () => {
    const [file] = parseUnifiedDiff(MODIFIED);
    expect(file).toMatchObject({
      oldPath: 'src/a.ts',
      newPath: 'src/a.ts',
      status: 'modified',
      binary: false,
      added: 2,
      removed: 1,
    });
    expect(file!.hunks).toHaveLength(1);
    expect(file!.hunks[0]!.header).toBe('@@ -1,3 +1,4 @@ export function x');
    expect(file!.hunks[0]!.lines).toEqual([
      { kind: 'context', content: 'const a = 1;', oldNumber: 1, newNumber: 1 },
      { kind: 'removed', content: 'const b = 2;', oldNumber: 2 },
      { kind: 'added', content: 'const b = 3;', newNumber: 2 },
      { kind: 'added', content: 'const c = 4;', newNumber: 3 },
      { kind: 'context', content: 'export {};', oldNumber: 3, newNumber: 4 },
    ]);
  });

  it('reads added, deleted, renamed and binary files', () => {
    const files = parseUnifiedDiff(`diff --git a/new.md b/new.md
new file mode 100644
index 0000000..5555555
--- /dev/null
+++ b/new.md
@@ -0,0 +1 @@
+hi
diff --git a/gone.md b/gone.md
deleted file mode 100644
index 4444444..0000000
--- a/gone.md
+++ /dev/null
@@ -1,2 +0,0 @@
-# Gone
-bye
\\ No newline at end of file
diff --git a/old name.txt b/new name.txt
similarity index 100%
rename from old name.txt
rename to new name.txt
diff --git a/bin/widgets b/bin/widgets
new file mode 100755
index 0000000..3333333
Binary files /dev/null and b/bin/widgets differ
diff --git a/logo.png b/logo.png
index 1..2 100644
Binary files a/logo.png and b/logo.png differ
`);
    expect(
      files.map((file) => [
        file.status,
        file.oldPath,
        file.newPath,
        file.binary,
        file.added,
        file.removed,
      ]),
    ).toEqual([
      ['added', null, 'new.md', false, 1, 0],
      ['removed', 'gone.md', null, false, 0, 2],
      ['renamed', 'old name.txt', 'new name.txt', false, 0, 0],
      ['added', null, 'bin/widgets', true, 0, 0],
      ['modified', 'logo.png', 'logo.png', true, 0, 0],
    ]);
    expect(files.map(diffFilePath)).toEqual([
      'new.md',
      'gone.md',
      'new name.txt',
      'bin/widgets',
      'logo.png',
    ]);
  });

  it('keeps a removed line that looks like a file header inside its hunk', () => {
    const [file] = parseUnifiedDiff(`diff --git a/notes.md b/notes.md
--- a/notes.md
+++ b/notes.md
@@ -1,2 +1,2 @@
--- a/heading
+++ b/heading
 end
`);
    expect(file!.hunks[0]!.lines.map((line) => [line.kind, line.content])).toEqual([
      ['removed', '-- a/heading'],
      ['added', '++ b/heading'],
      ['context', 'end'],
    ]);
    expect(file!.oldPath).toBe('notes.md');
  });

  it('splits a header with spaces in the name into its two equal halves', () => {
    const [file] = parseUnifiedDiff(`diff --git a/docs/a b c.md b/docs/a b c.md
old mode 100644
new mode 100755
`);
    expect(file).toMatchObject({
      oldPath: 'docs/a b c.md',
      newPath: 'docs/a b c.md',
      status: 'modified',
      oldMode: '100644',
      newMode: '100755',
      hunks: [],
    });
  });

  it("undoes git's quoting of unusual names", () => {
    expect(unquote('"docs/Caf\\303\\251 notes \\342\\200\\224 2026.md"')).toBe(
      'docs/Café notes — 2026.md',
    );
    expect(unquote('"tab\\there \\"quoted\\""')).toBe('tab\there "quoted"');
    expect(unquote('plain.md')).toBe('plain.md');
    const [file] = parseUnifiedDiff(`diff --git "a/Caf\\303\\251.md" "b/Caf\\303\\251.md"
new file mode 100644
--- /dev/null
+++ "b/Caf\\303\\251.md"
@@ -0,0 +1 @@
+x
`);
    expect(file).toMatchObject({ newPath: 'Café.md', status: 'added' });
  });

  it('returns nothing for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe('pairLines', () => {
  it('pairs each run of removals with the additions after it, context on both sides', () => {
    const [file] = parseUnifiedDiff(MODIFIED);
    const rows = pairLines(file!.hunks[0]!.lines).map(({ left, right }) => [
      left?.content ?? null,
      right?.content ?? null,
    ]);
    expect(rows).toEqual([
      ['const a = 1;', 'const a = 1;'],
      ['const b = 2;', 'const b = 3;'],
      [null, 'const c = 4;'],
      ['export {};', 'export {};'],
    ]);
  });
});
