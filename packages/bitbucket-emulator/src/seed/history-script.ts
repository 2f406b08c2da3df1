// Plays out a team's work on a repository: ordinary commits, feature branches with pull requests, releases.
import { HistoryBuilder } from '../git/history-builder';
import type { FileChange } from '../git/history-builder';
import type { CommitObject, Signature } from '../git/objects';
import type { PullRequestRecord, PullRequestState } from '../git/repository-content';
import type { CommitClock, Step } from './repository-history';
import { PEOPLE, SourceChurn, reviewParticipants } from './repository-history';
import type { LanguageProfile } from './repository-languages';
import { purpose } from './repository-languages';
import type { Prng } from './prng';

export interface FeatureOptions {
  /** The branch name, or how to name it from the noun of the module the feature adds. */
  branch: string | ((noun: string) => string);
  state: PullRequestState;
  title?: string;
  description?: string;
  draft?: boolean;
  /** Keep the branch after the pull request is closed (it stays listed under refs). */
  keepBranch?: boolean;
  /** Ordinary commits landing on the main branch while the feature is in review. */
  mainCommitsDuring?: number;
  author?: string;
  /** The feature's own commits; by default a new module and, often, a second function in it. */
  steps?: (branch: string) => Step[];
}

export class HistoryScript {
  readonly builder = new HistoryBuilder();
  readonly churn: SourceChurn;
  /** Pull request titles merged since the last release, for the changelog. */
  private unreleased: string[] = [];

  constructor(
    readonly prng: Prng,
    readonly profile: LanguageProfile,
    readonly clock: CommitClock,
    readonly main: string,
    /** Nicknames of the people with accounts who work here (authors, reviewers). */
    readonly people: readonly string[],
    /** Authors without accounts who also commit here. */
    readonly guests: readonly string[] = [],
  ) {
    this.churn = new SourceChurn(prng, profile, this.builder);
  }

  signature(nickname: string): Signature {
    const person = PEOPLE[nickname];
    if (!person) throw new Error(`No commit identity for ${nickname}`);
    return person;
  }

  /** Mostly the team, now and then a guest author. */
  pickAuthor(): string {
    if (this.guests.length > 0 && this.prng.chance(0.15)) return this.prng.pick(this.guests);
    return this.prng.pick(this.people);
  }

  commit(branch: string, step: Step, author = this.pickAuthor()): CommitObject {
    return this.builder.commit(branch, {
      author: this.signature(author),
      date: this.clock.next(),
      message: step.message,
      changes: step.changes,
    });
  }

  /** One ordinary change on the main branch. */
  ordinary(): CommitObject {
    return this.commit(this.main, this.churn.randomStep(this.main));
  }

  /** A feature branch, its commits and its pull request, closed as `state` says. */
  feature(options: FeatureOptions): PullRequestRecord {
    const { builder, prng } = this;
    const author = options.author ?? prng.pick(this.people);
    const id = builder.pullRequestCount + 1;
    const added = options.steps ? undefined : this.churn.addModule(false);
    const branch =
      typeof options.branch === 'string'
        ? options.branch
        : options.branch(added?.module.noun ?? 'change');
    builder.createBranch(branch, this.main);
    const steps = options.steps?.(branch) ?? (added ? [added] : []);
    let first: CommitObject | undefined;
    for (const step of steps) {
      const commit = this.commit(branch, step, author);
      first ??= commit;
    }
    if (added && prng.chance(0.7)) {
      const moduleStep = this.churn.addFunction(branch, added.module);
      if (moduleStep) this.commit(branch, moduleStep, author);
    }
    for (let i = 0; i < (options.mainCommitsDuring ?? prng.int(0, 2)); i += 1) this.ordinary();

    const source = builder.head(branch);
    const destination = builder.head(this.main);
    const createdMs = Date.parse((first ?? source).date) + 20 * 60_000;
    const firstSubject = (first?.message ?? source.message).split('\n')[0] as string;
    const title = options.title ?? firstSubject;
    let mergeCommit: string | null = null;
    let closedBy: string | null = null;
    let updated = source.date;
    const participants = reviewParticipants(
      prng,
      author,
      this.people,
      options.state,
      createdMs,
      Date.parse(destination.date) > createdMs
        ? Date.parse(destination.date)
        : createdMs + 3_600_000,
    );
    if (options.state === 'MERGED') {
      const approver = participants.find((p) => p.state === 'approved');
      const merged = builder.merge(this.main, branch, {
        author: this.signature(approver?.nickname ?? author),
        date: this.clock.next(),
        message: `Merged in ${branch} (pull request #${id})\n\n${title}\n\n* ${firstSubject}${
          approver ? `\n\nApproved-by: ${this.signature(approver.nickname).name}` : ''
        }`,
      });
      mergeCommit = merged.hash;
      closedBy = approver?.nickname ?? author;
      updated = merged.date;
      if (added) this.churn.adopt(added.module);
      this.unreleased.push(title);
    } else if (options.state !== 'OPEN') {
      closedBy = options.state === 'DECLINED' ? (participants[0]?.nickname ?? author) : author;
      updated = this.clock.next();
    }
    if (options.state !== 'OPEN' && !options.keepBranch) builder.deleteBranch(branch);
    const record: PullRequestRecord = {
      id,
      title,
      description:
        options.description ??
        `## What\n\n${title}.\n\n## Why\n\n${purpose(prng.pick(['validate', 'format', 'merge', 'resolve']), 'request')} is needed by the next release.\n\n## Checklist\n\n- [x] Tests added\n- [${prng.chance(0.5) ? 'x' : ' '}] Docs updated`,
      state: options.state,
      author,
      sourceBranch: branch,
      sourceCommit: source.hash,
      destinationBranch: this.main,
      destinationCommit: destination.hash,
      mergeCommit,
      participants,
      draft: options.draft ?? false,
      commentCount: prng.int(0, 9),
      taskCount: prng.int(0, 2),
      closeSourceBranch: !options.keepBranch,
      closedBy,
      reason:
        options.state === 'DECLINED'
          ? 'Superseded by a smaller change; see the linked ticket.'
          : '',
      createdOn: formatDate(createdMs),
      updatedOn: updated,
    };
    builder.addPullRequest(record);
    return record;
  }

  /** A release commit (version bump and changelog) by the build bot, and its annotated tag. */
  release(version: string, extra: FileChange[] = []): CommitObject {
    const { builder } = this;
    const date = this.clock.next();
    const changes: FileChange[] = [...extra];
    const manifest = builder.read(this.main, 'package.json');
    if (manifest !== undefined) {
      changes.push({
        path: 'package.json',
        content: manifest.replace(
          /"version": "[^"]*"/,
          `"version": "${version.replace(/^v/, '')}"`,
        ),
      });
    }
    const changelog = builder.read(this.main, 'CHANGELOG.md') ?? '# Changelog\n';
    const entries =
      this.unreleased.length > 0 ? this.unreleased : ['Maintenance and dependency updates'];
    const [heading, ...rest] = changelog.split('\n');
    changes.push({
      path: 'CHANGELOG.md',
      content: [
        heading,
        '',
        `## ${version.replace(/^v/, '')} — ${date.slice(0, 10)}`,
        '',
        ...entries.map((e) => `- ${e}`),
        ...rest,
      ].join('\n'),
    });
    this.unreleased = [];
    const commit = builder.commit(this.main, {
      author: this.signature('bot'),
      date,
      message: `Release ${version}`,
      changes,
    });
    builder.tag(version, commit.hash, this.signature('bot'), date, `Release ${version}\n`);
    return commit;
  }
}

function formatDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;
}
