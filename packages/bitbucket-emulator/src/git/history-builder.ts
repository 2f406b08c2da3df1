// Builds a repository's history the way people make one: commits on branches, merges, tags, pull requests.
import { commitHash, makeBlob } from './objects';
import type {
  CommitObject,
  FileMode,
  Signature,
  Snapshot,
  SnapshotEntry,
  TagObject,
} from './objects';
import { RepositoryContent } from './repository-content';
import type { PullRequestRecord } from './repository-content';

/** One change in a commit: write a file, delete it (`content: null`), or move it (optionally editing it). */
export type FileChange =
  | { path: string; content: string | Uint8Array | null; mode?: FileMode }
  | { path: string; from: string; content?: string | Uint8Array };

export interface CommitInput {
  author: Signature;
  date: string;
  message: string;
  changes: readonly FileChange[];
}

export class HistoryBuilder {
  private readonly commits: CommitObject[] = [];
  private readonly byHash = new Map<string, CommitObject>();
  private readonly branches = new Map<string, string>();
  private readonly tags = new Map<string, TagObject>();
  private readonly pullRequests: PullRequestRecord[] = [];

  /** The head commit of a branch. */
  head(branch: string): CommitObject {
    const hash = this.branches.get(branch);
    const commit = hash ? this.byHash.get(hash) : undefined;
    if (!commit) throw new Error(`No branch ${branch}`);
    return commit;
  }

  hasBranch(branch: string): boolean {
    return this.branches.has(branch);
  }

  /** The text of a file at a branch's head, or `undefined`. */
  read(branch: string, path: string): string | undefined {
    const entry = this.head(branch).snapshot.get(path);
    return entry ? new TextDecoder().decode(entry.blob.bytes) : undefined;
  }

  paths(branch: string): string[] {
    return [...this.head(branch).snapshot.keys()];
  }

  /** Commits on `branch` (created as an orphan when it does not exist yet). */
  commit(branch: string, input: CommitInput): CommitObject {
    const parent = this.branches.get(branch);
    const base = parent ? this.byHash.get(parent)?.snapshot : undefined;
    const snapshot = applyChanges(base ?? new Map(), input.changes);
    return this.record(branch, parent ? [parent] : [], snapshot, input);
  }

  createBranch(name: string, from: string): void {
    const hash = this.branches.get(from) ?? (this.byHash.has(from) ? from : undefined);
    if (!hash) throw new Error(`Cannot branch ${name} from ${from}`);
    this.branches.set(name, hash);
  }

  deleteBranch(name: string): void {
    this.branches.delete(name);
  }

  /**
   * A merge commit on `into` with `from`'s head as second parent. Files are merged whole: a file changed
   * on `from` since the merge base takes `from`'s version, any other keeps `into`'s.
   */
  merge(into: string, from: string, input: Omit<CommitInput, 'changes'>): CommitObject {
    const ours = this.head(into);
    const theirs = this.head(from);
    const base = this.mergeBase(ours.hash, theirs.hash);
    const merged = new Map(ours.snapshot);
    const paths = new Set([...theirs.snapshot.keys(), ...(base?.snapshot.keys() ?? [])]);
    for (const path of paths) {
      const before = base?.snapshot.get(path);
      const after = theirs.snapshot.get(path);
      if (before?.blob.id === after?.blob.id && before?.mode === after?.mode) continue;
      if (after) merged.set(path, after);
      else merged.delete(path);
    }
    return this.record(into, [ours.hash, theirs.hash], merged, input);
  }

  tag(name: string, target: string, tagger: Signature, date: string, message: string): void {
    const hash = this.branches.get(target) ?? target;
    if (!this.byHash.has(hash)) throw new Error(`Cannot tag ${name}: no commit ${target}`);
    this.tags.set(name, { name, target: hash, tagger, date, message });
  }

  addPullRequest(record: PullRequestRecord): void {
    this.pullRequests.push(record);
  }

  get pullRequestCount(): number {
    return this.pullRequests.length;
  }

  build(mainbranch: string): RepositoryContent {
    return new RepositoryContent(
      this.commits,
      this.branches,
      this.tags,
      mainbranch,
      this.pullRequests,
    );
  }

  private mergeBase(a: string, b: string): CommitObject | undefined {
    const fromA = new Set<string>();
    const stack = [a];
    while (stack.length > 0) {
      const hash = stack.pop() as string;
      if (fromA.has(hash)) continue;
      fromA.add(hash);
      stack.push(...(this.byHash.get(hash)?.parents ?? []));
    }
    let best: CommitObject | undefined;
    const seen = new Set<string>();
    const queue = [b];
    while (queue.length > 0) {
      const hash = queue.shift() as string;
      if (seen.has(hash)) continue;
      seen.add(hash);
      const commit = this.byHash.get(hash);
      if (!commit) continue;
      if (fromA.has(hash)) {
        if (!best || Date.parse(commit.date) > Date.parse(best.date)) best = commit;
        continue;
      }
      queue.push(...commit.parents);
    }
    return best;
  }

  private record(
    branch: string,
    parents: string[],
    snapshot: Snapshot,
    input: Omit<CommitInput, 'changes'>,
  ): CommitObject {
    const hash = commitHash({ snapshot, parents, ...input });
    const commit: CommitObject = { hash, parents, snapshot, ...input };
    this.commits.push(commit);
    this.byHash.set(hash, commit);
    this.branches.set(branch, hash);
    return commit;
  }
}

function applyChanges(base: Snapshot, changes: readonly FileChange[]): Map<string, SnapshotEntry> {
  const next = new Map(base);
  for (const change of changes) {
    if ('from' in change) {
      const moved = next.get(change.from);
      if (!moved) throw new Error(`Cannot move ${change.from}: no such file`);
      next.delete(change.from);
      next.set(change.path, {
        mode: moved.mode,
        blob: change.content === undefined ? moved.blob : makeBlob(change.content),
      });
    } else if (change.content === null) {
      if (!next.delete(change.path)) throw new Error(`Cannot delete ${change.path}: no such file`);
    } else {
      const mode = change.mode ?? next.get(change.path)?.mode ?? '100644';
      next.set(change.path, { mode, blob: makeBlob(change.content) });
    }
  }
  return next;
}
