// Git's unified diff text for file deltas (`diff --git` headers, modes, renames, binaries) and line counts.
import { structuredPatch } from 'diff';
import { isBinary } from './objects';
import type { SnapshotEntry } from './objects';
import type { FileDelta } from './tree-diff';

export interface DiffOptions {
  /** Lines of context around each change; Git's default is 3. */
  context?: number;
  ignoreWhitespace?: boolean;
  /** `false` leaves binary files out entirely. */
  binary?: boolean;
}

const decoder = new TextDecoder();
const ZERO_ID = '0000000';

/** A path as Git prints it in a diff: quoted with octal escapes when it holds control or non-ASCII bytes. */
export function escapePath(path: string): string {
  const bytes = new TextEncoder().encode(path);
  let needsQuotes = false;
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) {
      needsQuotes = true;
      out += `\\${String.fromCharCode(byte)}`;
    } else if (byte === 0x09) {
      needsQuotes = true;
      out += '\\t';
    } else if (byte === 0x0a) {
      needsQuotes = true;
      out += '\\n';
    } else if (byte < 0x20 || byte >= 0x7f) {
      needsQuotes = true;
      out += `\\${byte.toString(8).padStart(3, '0')}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return needsQuotes ? `"${out}"` : out;
}

/** `a/path` or `b/path`, quoted as a whole when the path needs it. */
function sidePath(side: 'a' | 'b', path: string): string {
  return escapePath(`${side}/${path}`);
}

function text(entry: SnapshotEntry | null): string {
  return entry ? decoder.decode(entry.blob.bytes) : '';
}

function binary(delta: FileDelta): boolean {
  return (
    (delta.old !== null && isBinary(delta.old.blob.bytes)) ||
    (delta.new !== null && isBinary(delta.new.blob.bytes))
  );
}

function lineCount(content: string): number {
  if (content === '') return 0;
  const breaks = content.split('\n').length - 1;
  return content.endsWith('\n') ? breaks : breaks + 1;
}

/** Lines of a whole file as hunk lines with `prefix`, Git's "no newline" marker included. */
function wholeFileHunk(content: string, prefix: '+' | '-'): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  const trailingNewline = content.endsWith('\n');
  if (trailingNewline) lines.pop();
  const out = lines.map((line) => `${prefix}${line}`);
  if (!trailingNewline) out.push('\\ No newline at end of file');
  return out;
}

function range(start: number, count: number): string {
  if (count === 0) return `${Math.max(start - 1, 0)},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

interface Hunks {
  lines: string[];
  added: number;
  removed: number;
}

function hunks(delta: FileDelta, options: DiffOptions): Hunks {
  const before = text(delta.old);
  const after = text(delta.new);
  if (delta.old === null || delta.new === null) {
    const count = lineCount(delta.old === null ? after : before);
    if (count === 0) return { lines: [], added: 0, removed: 0 };
    const header =
      delta.old === null ? `@@ -0,0 +${range(1, count)} @@` : `@@ -${range(1, count)} +0,0 @@`;
    const body = delta.old === null ? wholeFileHunk(after, '+') : wholeFileHunk(before, '-');
    return delta.old === null
      ? { lines: [header, ...body], added: count, removed: 0 }
      : { lines: [header, ...body], added: 0, removed: count };
  }
  const patch = structuredPatch('', '', before, after, undefined, undefined, {
    context: options.context ?? 3,
    ignoreWhitespace: options.ignoreWhitespace ?? false,
  });
  const lines: string[] = [];
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    lines.push(
      `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`,
    );
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added += 1;
      else if (line.startsWith('-')) removed += 1;
      lines.push(line);
    }
  }
  return { lines, added, removed };
}

/** Lines added and removed by a delta (0 and 0 for a binary file, as Bitbucket's diffstat reports). */
export function countLines(
  delta: FileDelta,
  options: DiffOptions = {},
): {
  added: number;
  removed: number;
} {
  if (binary(delta)) return { added: 0, removed: 0 };
  if (delta.old === null) return { added: lineCount(text(delta.new)), removed: 0 };
  if (delta.new === null) return { added: 0, removed: lineCount(text(delta.old)) };
  if (delta.old.blob.id === delta.new.blob.id) return { added: 0, removed: 0 };
  const { added, removed } = hunks(delta, options);
  return { added, removed };
}

const shortId = (entry: SnapshotEntry | null) => (entry ? entry.blob.id.slice(0, 7) : ZERO_ID);

/** One file's section of a `git diff`, ending with a newline; empty when `binary: false` drops it. */
export function formatFileDiff(delta: FileDelta, options: DiffOptions = {}): string {
  const isBin = binary(delta);
  if (isBin && options.binary === false) return '';
  const oldPath = delta.oldPath ?? (delta.newPath as string);
  const newPath = delta.newPath ?? (delta.oldPath as string);
  const out = [`diff --git ${sidePath('a', oldPath)} ${sidePath('b', newPath)}`];
  const oldMode = delta.old?.mode;
  const newMode = delta.new?.mode;
  if (delta.status === 'added') out.push(`new file mode ${newMode}`);
  if (delta.status === 'removed') out.push(`deleted file mode ${oldMode}`);
  if (delta.old && delta.new && oldMode !== newMode) {
    out.push(`old mode ${oldMode}`, `new mode ${newMode}`);
  }
  if (delta.status === 'renamed') {
    out.push(
      `similarity index ${delta.similarity}%`,
      `rename from ${escapePath(oldPath)}`,
      `rename to ${escapePath(newPath)}`,
    );
  }
  const sameContent =
    delta.old !== null && delta.new !== null && delta.old.blob.id === delta.new.blob.id;
  if (sameContent) return `${out.join('\n')}\n`;
  const modeSuffix = delta.old && delta.new && oldMode === newMode ? ` ${newMode}` : '';
  out.push(`index ${shortId(delta.old)}..${shortId(delta.new)}${modeSuffix}`);
  const from = delta.old ? sidePath('a', oldPath) : '/dev/null';
  const to = delta.new ? sidePath('b', newPath) : '/dev/null';
  if (isBin) {
    out.push(`Binary files ${from} and ${to} differ`);
    return `${out.join('\n')}\n`;
  }
  const body = hunks(delta, options);
  if (body.lines.length > 0) out.push(`--- ${from}`, `+++ ${to}`, ...body.lines);
  return `${out.join('\n')}\n`;
}
