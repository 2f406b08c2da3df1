// The JSON of repository content: commits, authors, tree entries, refs, diffstats and pull requests.
import type {
  Account,
  Author,
  Branch,
  Commit,
  CommitDirectory,
  CommitFile,
  Diffstat,
  Participant,
  PullRequest,
  Tag,
} from '@pail/shared/bitbucket';
import { avatarUrl } from '../avatars/avatar-routes';
import type { EmulatorContext } from '../emulator-context';
import { isBinary } from '../git/objects';
import type { CommitObject, Signature, SnapshotEntry, TagObject } from '../git/objects';
import type { PullRequestRecord } from '../git/repository-content';
import { mimetypeOf } from '../git/media-types';
import type { FileDelta } from '../git/tree-diff';
import { countLines, escapePath } from '../git/unified-diff';
import type { RepositoryInPath } from './repository-access';
import { Representations } from './representations';

const link = (href: string) => ({ href });

/** A path inside a URL: each segment percent-encoded, the slashes kept. */
export const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Plain text as Bitbucket's rendered HTML: escaped, one paragraph per blank-line-separated block. */
export function renderPlain(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function attributes(entry: SnapshotEntry): CommitFile['attributes'] {
  const out: NonNullable<CommitFile['attributes']> = [];
  if (entry.mode === '120000') out.push('link');
  if (entry.mode === '100755') out.push('executable');
  if (isBinary(entry.blob.bytes)) out.push('binary');
  return out;
}

export class ContentRepresentations {
  private readonly base: Representations;

  constructor(private readonly ctx: EmulatorContext) {
    this.base = new Representations(ctx);
  }

  /** The account whose email matches, as Bitbucket maps commit authors to users. */
  private accountFor(email: string): Account | undefined {
    const needle = email.toLowerCase();
    const user = this.ctx.directory.users.find((u) =>
      u.emails.some((e) => e.isConfirmed && e.email.toLowerCase() === needle),
    );
    return user ? this.base.userSummary(user) : undefined;
  }

  author(signature: Signature): Author {
    const user = this.accountFor(signature.email);
    return {
      type: 'author',
      raw: `${signature.name} <${signature.email}>`,
      ...(user ? { user } : {}),
    };
  }

  /** `{type, hash, links}`: how a commit is referenced from other objects. */
  commitRef(where: RepositoryInPath, hash: string) {
    return {
      type: 'commit',
      hash,
      links: {
        self: link(`${where.apiBase}/commit/${hash}`),
        html: link(`${where.webBase}/commits/${hash}`),
      },
    };
  }

  private repositoryRef(where: RepositoryInPath) {
    const { repo } = where;
    return {
      type: 'repository',
      full_name: `${repo.workspace}/${repo.slug}`,
      links: {
        self: link(where.apiBase),
        html: link(where.webBase),
        avatar: link(avatarUrl(this.ctx.origin, 'repositories', `${repo.workspace}/${repo.slug}`)),
      },
      name: repo.name,
      uuid: repo.uuid,
    };
  }

  commit(where: RepositoryInPath, commit: CommitObject): Commit {
    const api = `${where.apiBase}`;
    return {
      type: 'commit',
      hash: commit.hash,
      date: commit.date,
      author: this.author(commit.author),
      message: commit.message,
      summary: { raw: commit.message, markup: 'markdown', html: renderPlain(commit.message) },
      parents: commit.parents.map((p) => this.commitRef(where, p)),
      repository: this.repositoryRef(where),
      links: {
        self: link(`${api}/commit/${commit.hash}`),
        html: link(`${where.webBase}/commits/${commit.hash}`),
        diff: link(`${api}/diff/${commit.hash}`),
        patch: link(`${api}/patch/${commit.hash}`),
        approve: link(`${api}/commit/${commit.hash}/approve`),
        comments: link(`${api}/commit/${commit.hash}/comments`),
        statuses: link(`${api}/commit/${commit.hash}/statuses`),
      },
    } as Commit;
  }

  file(where: RepositoryInPath, commit: string, path: string, entry: SnapshotEntry): CommitFile {
    const self = `${where.apiBase}/src/${commit}/${encodePath(path)}`;
    return {
      type: 'commit_file',
      path,
      escaped_path: escapePath(path),
      commit: this.commitRef(where, commit) as CommitFile['commit'],
      attributes: attributes(entry),
      size: entry.blob.bytes.byteLength,
      mimetype: mimetypeOf(path),
      links: {
        self: link(self),
        meta: link(`${self}?format=meta`),
        history: link(`${where.apiBase}/filehistory/${commit}/${encodePath(path)}`),
      },
    };
  }

  directory(where: RepositoryInPath, commit: string, path: string): CommitDirectory {
    const self = `${where.apiBase}/src/${commit}/${path === '' ? '' : `${encodePath(path)}/`}`;
    return {
      type: 'commit_directory',
      path,
      commit: this.commitRef(where, commit) as CommitDirectory['commit'],
      links: { self: link(self), meta: link(`${self}?format=meta`) },
    };
  }

  branch(where: RepositoryInPath, name: string, target: CommitObject): Branch {
    const encoded = encodeURIComponent(name);
    return {
      type: 'branch',
      name,
      target: this.commit(where, target),
      links: {
        self: link(`${where.apiBase}/refs/branches/${encoded}`),
        commits: link(`${where.apiBase}/commits/${encoded}`),
        html: link(`${where.webBase}/branch/${encoded}`),
      },
      merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
      default_merge_strategy: 'merge_commit',
    } as Branch;
  }

  tag(where: RepositoryInPath, tag: TagObject, target: CommitObject): Tag {
    const encoded = encodeURIComponent(tag.name);
    return {
      type: 'tag',
      name: tag.name,
      target: this.commit(where, target),
      message: tag.message,
      date: tag.date,
      tagger: this.author(tag.tagger),
      links: {
        self: link(`${where.apiBase}/refs/tags/${encoded}`),
        commits: link(`${where.apiBase}/commits/${encoded}`),
        html: link(`${where.webBase}/commits/tag/${encoded}`),
      },
    } as Tag;
  }

  /** A diffstat's side: a `commit_file` with just its path and link, as Bitbucket sends it. */
  private diffstatFile(where: RepositoryInPath, commit: string, path: string): CommitFile {
    return {
      type: 'commit_file',
      path,
      escaped_path: escapePath(path),
      links: { self: link(`${where.apiBase}/src/${commit}/${encodePath(path)}`) },
    };
  }

  diffstat(
    where: RepositoryInPath,
    delta: FileDelta,
    oldCommit: string,
    newCommit: string,
    options: { ignoreWhitespace?: boolean } = {},
  ): Diffstat {
    const { added, removed } = countLines(delta, options);
    return {
      type: 'diffstat',
      status: delta.status,
      lines_added: added,
      lines_removed: removed,
      old: delta.oldPath === null ? null : this.diffstatFile(where, oldCommit, delta.oldPath),
      new: delta.newPath === null ? null : this.diffstatFile(where, newCommit, delta.newPath),
    };
  }

  private accountOf(nickname: string): Account {
    const user = this.ctx.directory.userByNickname(nickname);
    if (!user) throw new Error(`Seed pull request names an unknown user ${nickname}`);
    return this.base.userSummary(user);
  }

  /** A pull request; list items (`full: false`) leave out `reviewers` and `participants`, as Bitbucket does. */
  pullRequest(where: RepositoryInPath, record: PullRequestRecord, full: boolean): PullRequest {
    const pr = `${where.apiBase}/pullrequests/${record.id}`;
    const short = (hash: string) => this.commitRef(where, hash.slice(0, 12));
    const endpoint = (branch: string, commit: string) => ({
      branch: { name: branch },
      commit: short(commit),
      repository: this.repositoryRef(where),
    });
    const participants: Participant[] = record.participants.map((p) => ({
      type: 'participant',
      user: this.accountOf(p.nickname),
      role: p.role,
      approved: p.state === 'approved',
      state: p.state,
      participated_on: p.participatedOn,
    }));
    return {
      type: 'pullrequest',
      id: record.id,
      title: record.title,
      description: record.description,
      summary: {
        raw: record.description,
        markup: 'markdown',
        html: renderPlain(record.description),
      },
      state: record.state,
      author: this.accountOf(record.author),
      source: endpoint(record.sourceBranch, record.sourceCommit),
      destination: endpoint(record.destinationBranch, record.destinationCommit),
      merge_commit: record.mergeCommit ? short(record.mergeCommit) : null,
      comment_count: record.commentCount,
      task_count: record.taskCount,
      close_source_branch: record.closeSourceBranch,
      closed_by: record.closedBy ? this.accountOf(record.closedBy) : null,
      reason: record.reason,
      created_on: record.createdOn,
      updated_on: record.updatedOn,
      draft: record.draft,
      queued: false,
      links: {
        self: link(pr),
        html: link(`${where.webBase}/pull-requests/${record.id}`),
        commits: link(`${pr}/commits`),
        approve: link(`${pr}/approve`),
        diff: link(`${pr}/diff`),
        diffstat: link(`${pr}/diffstat`),
        comments: link(`${pr}/comments`),
        activity: link(`${pr}/activity`),
        merge: link(`${pr}/merge`),
        decline: link(`${pr}/decline`),
      },
      ...(full
        ? {
            reviewers: participants
              .filter((p) => p.role === 'REVIEWER')
              .map((p) => p.user as Account),
            participants,
          }
        : {}),
    } as PullRequest;
  }
}
