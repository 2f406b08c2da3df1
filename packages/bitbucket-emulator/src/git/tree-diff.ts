// Which files differ between two snapshots, with Git's rename detection (exact moves and similar content).
import { diffLines } from 'diff';
import { compareTreeNames, isBinary } from './objects';
import type { Snapshot, SnapshotEntry } from './objects';

export type DeltaStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface FileDelta {
  status: DeltaStatus;
  oldPath: string | null;
  newPath: string | null;
  old: SnapshotEntry | null;
  new: SnapshotEntry | null;
  /** Percent of unchanged content, for renames (Git's "similarity index"). */
  similarity: number;
}

/** Git's default: a pair at least half unchanged is a rename. */
const RENAME_THRESHOLD = 50;
/** Inexact rename detection compares every removed file with every added one; keep that bounded. */
const MAX_RENAME_PAIRS = 400;
const MAX_RENAME_BYTES = 256 * 1024;

const decoder = new TextDecoder();

/** Percent of `a`'s and `b`'s bytes in lines they share. */
function similarity(a: SnapshotEntry, b: SnapshotEntry): number {
  if (a.blob.id === b.blob.id) return 100;
  const large =
    a.blob.bytes.byteLength > MAX_RENAME_BYTES || b.blob.bytes.byteLength > MAX_RENAME_BYTES;
  if (large || isBinary(a.blob.bytes) || isBinary(b.blob.bytes)) return 0;
  const total = Math.max(a.blob.bytes.byteLength, b.blob.bytes.byteLength);
  if (total === 0) return 100;
  let kept = 0;
  for (const part of diffLines(decoder.decode(a.blob.bytes), decoder.decode(b.blob.bytes))) {
    if (!part.added && !part.removed) kept += part.value.length;
  }
  return Math.floor((kept * 100) / total);
}

/** The changes that turn `before` into `after`, ordered by path as `git diff` orders them. */
export function diffSnapshots(
  before: Snapshot,
  after: Snapshot,
  options: { renames?: boolean } = {},
): FileDelta[] {
  const deltas: FileDelta[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const [path, entry] of before) {
    const next = after.get(path);
    if (!next) removed.push(path);
    else if (next.blob.id !== entry.blob.id || next.mode !== entry.mode) {
      deltas.push({
        status: 'modified',
        oldPath: path,
        newPath: path,
        old: entry,
        new: next,
        similarity: 0,
      });
    }
  }
  for (const path of after.keys()) if (!before.has(path)) added.push(path);

  const renamedFrom = new Set<string>();
  const renamedTo = new Set<string>();
  if (options.renames !== false && removed.length > 0 && added.length > 0) {
    const candidates: { from: string; to: string; score: number }[] = [];
    const inexact = removed.length * added.length <= MAX_RENAME_PAIRS;
    for (const from of removed) {
      const old = before.get(from) as SnapshotEntry;
      for (const to of added) {
        const next = after.get(to) as SnapshotEntry;
        const score = old.blob.id === next.blob.id ? 100 : inexact ? similarity(old, next) : 0;
        if (score >= RENAME_THRESHOLD) candidates.push({ from, to, score });
      }
    }
    candidates.sort((x, y) => y.score - x.score || compareTreeNames(x.to, y.to));
    for (const { from, to, score } of candidates) {
      if (renamedFrom.has(from) || renamedTo.has(to)) continue;
      renamedFrom.add(from);
      renamedTo.add(to);
      deltas.push({
        status: 'renamed',
        oldPath: from,
        newPath: to,
        old: before.get(from) ?? null,
        new: after.get(to) ?? null,
        similarity: score,
      });
    }
  }
  for (const path of removed) {
    if (renamedFrom.has(path)) continue;
    deltas.push({
      status: 'removed',
      oldPath: path,
      newPath: null,
      old: before.get(path) ?? null,
      new: null,
      similarity: 0,
    });
  }
  for (const path of added) {
    if (renamedTo.has(path)) continue;
    deltas.push({
      status: 'added',
      oldPath: null,
      newPath: path,
      old: null,
      new: after.get(path) ?? null,
      similarity: 0,
    });
  }
  const key = (d: FileDelta) => d.newPath ?? d.oldPath ?? '';
  return deltas.sort((a, b) => compareTreeNames(key(a), key(b)));
}

/** Whether a delta touches one of `paths` (a file, or a directory and everything under it). */
export function deltaMatchesPaths(delta: FileDelta, paths: readonly string[]): boolean {
  if (paths.length === 0) return true;
  return paths.some((wanted) => {
    const prefix = wanted.endsWith('/') ? wanted : `${wanted}/`;
    return [delta.oldPath, delta.newPath].some(
      (p) => p !== null && (p === wanted || p.startsWith(prefix)),
    );
  });
}
