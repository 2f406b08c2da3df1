// Reads a raw git-style unified diff (Bitbucket's `diff/{spec}` answer) into files, hunks and numbered lines.

export type DiffFileStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  content: string;
  /** Line number on the old side; absent for an added line. */
  oldNumber?: number;
  /** Line number on the new side; absent for a removed line. */
  newNumber?: number;
}

export interface DiffHunk {
  /** The `@@ -a,b +c,d @@ context` line. */
  header: string;
  lines: DiffLine[];
}

export interface DiffFile {
  /** `null` for a file the change added. */
  oldPath: string | null;
  /** `null` for a file the change removed. */
  newPath: string | null;
  status: DiffFileStatus;
  binary: boolean;
  hunks: DiffHunk[];
  added: number;
  removed: number;
  oldMode?: string;
  newMode?: string;
}

/** The path a file is known by: its new one, or the old one when it was removed. */
export function diffFilePath(file: Pick<DiffFile, 'oldPath' | 'newPath'>): string {
  return file.newPath ?? file.oldPath ?? '';
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses every `diff --git` section. Paths come from the `---`/`+++` lines, the rename lines, the
 * "Binary files … differ" line, or, failing those, the `diff --git` line itself; git's C-style quoting
 * (`"a/Caf\303\251.md"`) is undone.
 */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();

  let file: MutableFile | undefined;
  let hunk: DiffHunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let oldNumber = 0;
  let newNumber = 0;

  const finish = () => {
    if (file) files.push(finishFile(file));
    file = undefined;
    hunk = undefined;
  };

  for (const rawLine of lines) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;

    if (hunk && file && (oldLeft > 0 || newLeft > 0)) {
      const marker = line[0];
      const content = line.slice(1);
      if (marker === '+') {
        hunk.lines.push({ kind: 'added', content, newNumber: newNumber++ });
        file.added += 1;
        newLeft -= 1;
        continue;
      }
      if (marker === '-') {
        hunk.lines.push({ kind: 'removed', content, oldNumber: oldNumber++ });
        file.removed += 1;
        oldLeft -= 1;
        continue;
      }
      if (marker === ' ' || line === '') {
        hunk.lines.push({
          kind: 'context',
          content,
          oldNumber: oldNumber++,
          newNumber: newNumber++,
        });
        oldLeft -= 1;
        newLeft -= 1;
        continue;
      }
      if (marker === '\\') continue;
      // Anything else ends the hunk early (a truncated diff); read it as a header line below.
      oldLeft = 0;
      newLeft = 0;
    }

    if (line.startsWith('diff --git ')) {
      finish();
      file = newFile(line.slice('diff --git '.length));
      continue;
    }
    if (!file) continue;

    const hunkMatch = HUNK_HEADER.exec(line);
    if (hunkMatch) {
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      oldNumber = Number(hunkMatch[1]);
      oldLeft = hunkMatch[2] === undefined ? 1 : Number(hunkMatch[2]);
      newNumber = Number(hunkMatch[3]);
      newLeft = hunkMatch[4] === undefined ? 1 : Number(hunkMatch[4]);
      continue;
    }
    if (line === '\\ No newline at end of file') continue;
    if (line.startsWith('--- ')) {
      file.oldPath = readPath(line.slice(4), 'a/');
      file.sawPaths = true;
    } else if (line.startsWith('+++ ')) {
      file.newPath = readPath(line.slice(4), 'b/');
      file.sawPaths = true;
    } else if (line.startsWith('new file mode ')) {
      file.newMode = line.slice('new file mode '.length);
      file.created = true;
    } else if (line.startsWith('deleted file mode ')) {
      file.oldMode = line.slice('deleted file mode '.length);
      file.deleted = true;
    } else if (line.startsWith('old mode ')) {
      file.oldMode = line.slice('old mode '.length);
    } else if (line.startsWith('new mode ')) {
      file.newMode = line.slice('new mode '.length);
    } else if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
      file.oldPath = unquote(line.slice(line.indexOf(' from ') + 6));
      file.renamed = true;
    } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      file.newPath = unquote(line.slice(line.indexOf(' to ') + 4));
      file.renamed = true;
    } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      file.binary = true;
      const paths = / and /.exec(line) ? line.slice(13, -7).split(' and ') : [];
      if (paths.length === 2 && !file.sawPaths) {
        file.oldPath = readPath(paths[0]!, 'a/');
        file.newPath = readPath(paths[1]!, 'b/');
        file.sawPaths = true;
      }
    } else if (line === 'GIT binary patch') {
      file.binary = true;
    }
  }
  finish();
  return files;
}

interface MutableFile extends DiffFile {
  created: boolean;
  deleted: boolean;
  renamed: boolean;
  sawPaths: boolean;
}

function newFile(header: string): MutableFile {
  const [oldPath, newPath] = splitGitHeader(header);
  return {
    oldPath,
    newPath,
    status: 'modified',
    binary: false,
    hunks: [],
    added: 0,
    removed: 0,
    created: false,
    deleted: false,
    renamed: false,
    sawPaths: false,
  };
}

function finishFile(file: MutableFile): DiffFile {
  const { created, deleted, renamed, sawPaths: _sawPaths, ...rest } = file;
  const added = created || (rest.oldPath === null && rest.newPath !== null);
  const removed = deleted || (rest.newPath === null && rest.oldPath !== null);
  return {
    ...rest,
    oldPath: added ? null : rest.oldPath,
    newPath: removed ? null : rest.newPath,
    status: added
      ? 'added'
      : removed
        ? 'removed'
        : renamed && rest.oldPath !== rest.newPath
          ? 'renamed'
          : 'modified',
  };
}

/** `a/x b/x` → both paths. With spaces in the name the split is ambiguous, so prefer equal halves. */
function splitGitHeader(header: string): [string | null, string | null] {
  if (header.startsWith('"')) {
    const end = findClosingQuote(header);
    const first = readPath(header.slice(0, end + 1), 'a/');
    const second = readPath(header.slice(end + 2), 'b/');
    return [first, second];
  }
  const middle = (header.length - 1) / 2;
  if (Number.isInteger(middle) && header[middle] === ' ') {
    const left = header.slice(0, middle);
    const right = header.slice(middle + 1);
    if (left.startsWith('a/') && right.startsWith('b/') && left.slice(2) === right.slice(2)) {
      return [left.slice(2), right.slice(2)];
    }
  }
  const split = header.indexOf(' b/');
  if (split === -1) return [null, null];
  return [readPath(header.slice(0, split), 'a/'), readPath(header.slice(split + 1), 'b/')];
}

function findClosingQuote(text: string): number {
  for (let index = 1; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === '"') return index;
  }
  return text.length - 1;
}

/** A `---`/`+++` operand: `/dev/null`, or a path with its `a/`/`b/` prefix (and git's trailing tab). */
function readPath(operand: string, prefix: 'a/' | 'b/'): string | null {
  const path = unquote(operand.replace(/\t.*$/, ''));
  if (path === '/dev/null') return null;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7 };

/** Undoes git's C-style quoting: `"Caf\303\251"` is UTF-8 bytes written as octal escapes. */
export function unquote(value: string): string {
  if (!(value.length >= 2 && value.startsWith('"') && value.endsWith('"'))) return value;
  const bytes: number[] = [];
  const body = value.slice(1, -1);
  const encoder = new TextEncoder();
  for (let index = 0; index < body.length; index += 1) {
    const char = String.fromCodePoint(body.codePointAt(index)!);
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      index += char.length - 1;
      continue;
    }
    const next = body[index + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      index += 3;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next]!);
      index += 1;
    } else {
      bytes.push(...encoder.encode(next));
      index += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
