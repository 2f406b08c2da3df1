// One repository's content: commits, branches, tags and pull requests, with Git's look-ups over them.
import { compareTreeNames } from './objects';
import type { CommitObject, Snapshot, SnapshotEntry, TagObject } from './objects';

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

export interface PullRequestParticipantRecord {
  nickname: string;
  role: 'REVIEWER' | 'PARTICIPANT';
  state: 'approved' | 'changes_requested' | null;
  participatedOn: string | null;
}

export interface PullRequestRecord {
  id: number;
  title: string;
  /** Markdown. */
  description: string;
  state: PullRequestState;
  author: string;
  sourceBranch: string;
  sourceCommit: string;
  destinationBranch: string;
  destinationCommit: string;
  mergeCommit: string | null;
  participants: readonly PullRequestParticipantRecord[];
  draft: boolean;
  commentCount: number;
  taskCount: number;
  closeSourceBranch: boolean;
  closedBy: string | null;
  reason: string;
  createdOn: string;
  updatedOn: string;
}

/** A child of a directory: a file with its entry, or a subdirectory. */
export type DirectoryChild =
  { kind: 'file'; path: string; entry: SnapshotEntry } | { kind: 'directory'; path: string };

const HEX = /^[0-9a-f]+$/;

export class RepositoryContent {
  private readonly byHash: ReadonlyMap<string, CommitObject>;
  private readonly directoryIndexes = new WeakMap<Snapshot, Map<string, DirectoryChild[]>>();

  constructor(
    commits: readonly CommitObject[],
    /** Branch name → head commit, in creation order. */
    readonly branches: ReadonlyMap<string, string>,
    readonly tags: ReadonlyMap<string, TagObject>,
    readonly mainbranch: string,
    readonly pullRequests: readonly PullRequestRecord[],
  ) {
    this.byHash = new Map(commits.map((c) => [c.hash, c]));
  }

  commit(hash: string): CommitObject | undefined {
    return this.byHash.get(hash);
  }

  get commits(): IterableIterator<CommitObject> {
    return this.byHash.values();
  }

  mainHead(): CommitObject {
    const head = this.resolve(this.mainbranch);
    if (!head) throw new Error(`The main branch ${this.mainbranch} has no commit`);
    return head;
  }

  /**
   * A branch or tag name, a full hash, or an unambiguous abbreviated hash of at least 4 hex digits, as
   * `git rev-parse` takes them (branches win over tags, names over hashes).
   */
  resolve(revision: string): CommitObject | undefined {
    const branch = this.branches.get(revision);
    if (branch) return this.byHash.get(branch);
    const tag = this.tags.get(revision);
    if (tag) return this.byHash.get(tag.target);
    const lower = revision.toLowerCase();
    if (lower.length < 4 || !HEX.test(lower)) return undefined;
    const exact = this.byHash.get(lower);
    if (exact) return exact;
    let found: CommitObject | undefined;
    for (const [hash, commit] of this.byHash) {
      if (!hash.startsWith(lower)) continue;
      if (found) return undefined;
      found = commit;
    }
    return found;
  }

  /** Every commit reachable from `heads`, the heads included. */
  reachable(heads: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...heads];
    while (stack.length > 0) {
      const hash = stack.pop() as string;
      if (seen.has(hash)) continue;
      const commit = this.byHash.get(hash);
      if (!commit) continue;
      seen.add(hash);
      stack.push(...commit.parents);
    }
    return seen;
  }

  /** `git log include… ^exclude…`: newest first by date, ties in reverse creation order. */
  log(include: readonly string[], exclude: readonly string[] = []): CommitObject[] {
    const excluded = this.reachable(exclude);
    const order = [...this.byHash.keys()];
    const rank = new Map(order.map((hash, index) => [hash, index]));
    return [...this.reachable(include)]
      .filter((hash) => !excluded.has(hash))
      .map((hash) => this.byHash.get(hash) as CommitObject)
      .sort(
        (a, b) =>
          Date.parse(b.date) - Date.parse(a.date) ||
          (rank.get(b.hash) ?? 0) - (rank.get(a.hash) ?? 0),
      );
  }

  /** The best common ancestor of two commits (the newest one reachable from both). */
  mergeBase(a: string, b: string): CommitObject | undefined {
    const fromA = this.reachable([a]);
    return this.log([b]).find((commit) => fromA.has(commit.hash));
  }

  /** Whether the path (a file, or a directory and everything under it) differs between two snapshots. */
  touches(before: Snapshot | undefined, after: Snapshot, path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const under = (p: string) => p === path || p.startsWith(prefix);
    const pick = (snapshot: Snapshot | undefined) =>
      snapshot ? [...snapshot].filter(([p]) => under(p)) : [];
    const left = pick(before);
    const right = pick(after);
    if (left.length !== right.length) return true;
    return left.some(([p, entry]) => {
      const other = after.get(p);
      return !other || other.blob.id !== entry.blob.id || other.mode !== entry.mode;
    });
  }

  /** Whether `path` is a directory in `snapshot` ('' is the root). */
  isDirectory(snapshot: Snapshot, path: string): boolean {
    return path === '' || this.index(snapshot).has(path);
  }

  /** The children of a directory in Git's tree order; `undefined` when it is not a directory. */
  children(snapshot: Snapshot, path: string): DirectoryChild[] | undefined {
    return this.index(snapshot).get(path);
  }

  private index(snapshot: Snapshot): Map<string, DirectoryChild[]> {
    const cached = this.directoryIndexes.get(snapshot);
    if (cached) return cached;
    const index = new Map<string, DirectoryChild[]>([['', []]]);
    const add = (dir: string, child: DirectoryChild) => {
      const list = index.get(dir);
      if (list) list.push(child);
      else index.set(dir, [child]);
    };
    for (const [path, entry] of snapshot) {
      const parts = path.split('/');
      for (let depth = 1; depth < parts.length; depth += 1) {
        const dir = parts.slice(0, depth).join('/');
        if (!index.has(dir)) {
          index.set(dir, []);
          add(parts.slice(0, depth - 1).join('/'), { kind: 'directory', path: dir });
        }
      }
      add(parts.slice(0, -1).join('/'), { kind: 'file', path, entry });
    }
    const treeName = (child: DirectoryChild) =>
      (child.path.split('/').pop() as string) + (child.kind === 'directory' ? '/' : '');
    for (const list of index.values()) {
      list.sort((a, b) => compareTreeNames(treeName(a), treeName(b)));
    }
    this.directoryIndexes.set(snapshot, index);
    return index;
  }
}
