// Test data for history, commits, branches, tags and pull requests, shaped like Bitbucket Cloud's payloads.
import type {
  Account,
  Branch,
  Commit,
  Diffstat,
  Participant,
  PullRequest,
  Tag,
} from '@pail/shared/bitbucket';
import { BITBUCKET_API, daysAgo } from './fixtures';

/** The repository these fixtures describe (its summary comes from the shared fixtures). */
export const HISTORY_WORKSPACE = 'acme';
export const HISTORY_REPO = 'gadgets';
const REPO_API = `${BITBUCKET_API}/2.0/repositories/${HISTORY_WORKSPACE}/${HISTORY_REPO}`;

function account(displayName: string, nickname: string, uuid: string): Account {
  return {
    type: 'user',
    display_name: displayName,
    uuid,
    links: { avatar: { href: `https://avatars.example.test/${nickname}.png` } },
    nickname,
  } as Account;
}

export const alice = account('Alice Marchetti', 'alice', '{11111111-1111-4111-8111-111111111111}');
export const bob = account('Bob Okafor', 'bob', '{22222222-2222-4222-8222-222222222222}');
export const carol = account('Carol Nguyen', 'carol', '{33333333-3333-4333-8333-333333333333}');

const AUTHORS = [
  { raw: 'Alice Marchetti <alice@acme.example>', user: alice },
  { raw: 'Bob Okafor <bob@acme.example>', user: bob },
  { raw: 'Grace Hopper <grace@example.com>' },
  { raw: 'build-bot <ci@acme.example>' },
  { raw: 'Carol Nguyen <carol@acme.example>', user: carol },
];

/** A deterministic, realistic-looking 40-hex hash for commit `n` (distinct in its first 7 characters too). */
export function hashFor(n: number): string {
  let state = (n * 2654435761) >>> 0;
  let hex = '';
  while (hex.length < 40) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    hex += state.toString(16).padStart(8, '0');
  }
  return hex.slice(0, 40);
}

const SUBJECTS = [
  'Tune the pricing rules for bulk orders',
  'Fix the date format in receipts',
  'Add a dark theme token',
  'Rename the gadget registry',
  'Bump dependencies',
];

function commit(
  n: number,
  options: { merge?: boolean; message?: string; author?: number } = {},
): Commit {
  const hash = hashFor(n);
  const parents = options.merge ? [hashFor(n + 1), hashFor(n + 1000)] : [hashFor(n + 1)];
  const author = AUTHORS[options.author ?? n % AUTHORS.length]!;
  return {
    type: 'commit',
    hash,
    date: daysAgo(n * 0.5 + 0.1),
    message:
      options.message ??
      (options.merge
        ? `Merged in feature/branch-${n} (pull request #${n})\n\nApproved-by: Bob Okafor\n`
        : `${SUBJECTS[n % SUBJECTS.length]} (${n})\n`),
    author: { type: 'author', ...author },
    parents: parents.map((parent) => ({
      type: 'commit',
      hash: parent,
      links: { self: { href: `${REPO_API}/commit/${parent}` } },
    })),
    links: { self: { href: `${REPO_API}/commit/${hash}` } },
  } as Commit;
}

/** The newest commit on `main`: the one the commit-page tests open. */
export const HEAD_HASH = hashFor(1);
/** A commit whose diff Bitbucket cannot produce in time (555). */
export const HUGE_HASH = hashFor(3);
/** A merge commit whose diff is empty. */
export const MERGE_HASH = hashFor(4);

/** 45 commits on main, newest first: one page of 30 and a second of 15. */
export const mainCommits: Commit[] = Array.from({ length: 45 }, (_, index) => {
  const n = index + 1;
  if (n === 1) {
    return commit(1, {
      author: 0,
      message:
        'Add the dark-mode theme and retire the old registry\n\nThe theme follows the system setting.\nThe registry moved to src/registry.ts.\n',
    });
  }
  if (n === 2) return commit(2, { author: 2 });
  if (n % 4 === 0) return commit(n, { merge: true, author: 1 });
  return commit(n);
});

/** Commits on `develop` (a different history). */
export const developCommits: Commit[] = [500, 501, 502].map((n) =>
  commit(n, { message: `Work in progress on develop (${n})\n`, author: 4 }),
);

/** Which commits touch a path, for `?path=`. */
export const commitsTouching: Record<string, string[]> = {
  'src/index.ts': [hashFor(1), hashFor(6), hashFor(11)],
};

export const HEAD_DIFF = `diff --git a/src/index.ts b/src/index.ts
index 1111111..2222222 100644
--- a/src/index.ts
+++ b/src/index.ts
@@ -1,4 +1,5 @@
 import { registry } from './registry';
-export const theme = 'light';
+export const theme = 'system';
+export { darkMode } from './theme/dark-mode';
 export { registry };
 export default registry;
diff --git a/src/theme/dark-mode.ts b/src/theme/dark-mode.ts
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/src/theme/dark-mode.ts
@@ -0,0 +1,3 @@
+export const darkMode = {
+  background: '#1d2125',
+};
diff --git a/src/legacy.ts b/src/legacy.ts
deleted file mode 100644
index 4444444..0000000
--- a/src/legacy.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-// The old registry.
-export const legacy = true;
diff --git a/src/gadget-registry.ts b/src/registry.ts
similarity index 100%
rename from src/gadget-registry.ts
rename to src/registry.ts
diff --git a/docs/images/logo.png b/docs/images/logo.png
index 5555555..6666666 100644
Binary files a/docs/images/logo.png and b/docs/images/logo.png differ
diff --git a/data/large-fixture.txt b/data/large-fixture.txt
index 7777777..8888888 100644
--- a/data/large-fixture.txt
+++ b/data/large-fixture.txt
@@ -1,450 +1,450 @@
${Array.from({ length: 450 }, (_, index) => `-old line ${index + 1}`).join('\n')}
${Array.from({ length: 450 }, (_, index) => `+new line ${index + 1}`).join('\n')}
`;

function diffstatEntry(
  status: Diffstat['status'],
  oldPath: string | null,
  newPath: string | null,
  added: number,
  removed: number,
): Diffstat {
  const file = (path: string | null) =>
    path === null
      ? null
      : {
          type: 'commit_file',
          path,
          escaped_path: path,
          links: { self: { href: `${REPO_API}/src/x/${path}` } },
        };
  return {
    type: 'diffstat',
    status,
    lines_added: added,
    lines_removed: removed,
    old: file(oldPath),
    new: file(newPath),
  } as Diffstat;
}

export const HEAD_DIFFSTAT: Diffstat[] = [
  diffstatEntry('modified', 'src/index.ts', 'src/index.ts', 2, 1),
  diffstatEntry('added', null, 'src/theme/dark-mode.ts', 3, 0),
  diffstatEntry('removed', 'src/legacy.ts', null, 0, 2),
  diffstatEntry('renamed', 'src/gadget-registry.ts', 'src/registry.ts', 0, 0),
  diffstatEntry('modified', 'docs/images/logo.png', 'docs/images/logo.png', 0, 0),
  diffstatEntry('modified', 'data/large-fixture.txt', 'data/large-fixture.txt', 450, 450),
];

export const HUGE_DIFFSTAT: Diffstat[] = [
  diffstatEntry('added', null, 'data/huge-dump.sql', 250_000, 0),
  diffstatEntry('modified', 'package.json', 'package.json', 1, 1),
];

/** A diff for any other commit: one small edit. */
export function smallDiff(hash: string): string {
  return `diff --git a/CHANGELOG.md b/CHANGELOG.md
index aaaaaaa..bbbbbbb 100644
--- a/CHANGELOG.md
+++ b/CHANGELOG.md
@@ -1,2 +1,3 @@
 # Changelog
+- ${hash.slice(0, 7)}: small change
 - Earlier changes
`;
}

export const SMALL_DIFFSTAT: Diffstat[] = [
  diffstatEntry('modified', 'CHANGELOG.md', 'CHANGELOG.md', 1, 0),
];

function target(n: number): Commit {
  const base = mainCommits[n - 1] ?? commit(n);
  return { ...base, date: daysAgo(n) };
}

function branch(name: string, n: number): Branch {
  return {
    type: 'branch',
    name,
    target: target(n),
    links: { self: { href: `${REPO_API}/refs/branches/${encodeURIComponent(name)}` } },
  } as Branch;
}

/** The seeded branches; `bugfix/…` was committed to most recently, `release/2.x` longest ago. */
export const branches: Branch[] = [
  branch('main', 2),
  branch('develop', 5),
  branch('feature/dark-mode', 3),
  branch('release/2.x', 30),
  branch('bugfix/PAIL-42/login-redirect', 1),
];

function tag(name: string, n: number): Tag {
  return {
    type: 'tag',
    name,
    target: target(n),
    message: `Release ${name}\n`,
    date: daysAgo(n),
    links: { self: { href: `${REPO_API}/refs/tags/${encodeURIComponent(name)}` } },
  } as Tag;
}

export const tags: Tag[] = [
  tag('v0.9.0', 40),
  tag('v1.0.0', 35),
  tag('v1.2.0', 25),
  tag('v1.10.0', 15),
  tag('v2.0.0-rc.1', 8),
  tag('v2.0.0', 6),
];

function participant(
  user: Account,
  role: 'REVIEWER' | 'PARTICIPANT',
  state: 'approved' | 'changes_requested' | null,
): Participant {
  return {
    type: 'participant',
    user,
    role,
    approved: state === 'approved',
    state,
    participated_on: state ? daysAgo(1) : null,
  };
}

function endpoint(branchName: string, hash: string) {
  return {
    branch: { name: branchName },
    commit: { type: 'commit', hash: hash.slice(0, 12) },
    repository: { type: 'repository', full_name: `${HISTORY_WORKSPACE}/${HISTORY_REPO}` },
  };
}

function pullRequest(
  id: number,
  fields: {
    title: string;
    state: PullRequest['state'];
    author: Account;
    source: string;
    destination?: string;
    draft?: boolean;
    comments?: number;
    updatedDaysAgo: number;
    description?: string;
    reviewers?: Account[];
    participants?: Participant[];
    reason?: string;
  },
): PullRequest & { description: string } {
  const description = fields.description ?? '';
  return {
    type: 'pullrequest',
    id,
    title: fields.title,
    state: fields.state,
    draft: fields.draft ?? false,
    author: fields.author,
    source: endpoint(fields.source, hashFor(id + 100)),
    destination: endpoint(fields.destination ?? 'main', hashFor(1)),
    comment_count: fields.comments ?? 0,
    task_count: 0,
    close_source_branch: true,
    created_on: daysAgo(fields.updatedDaysAgo + 2),
    updated_on: daysAgo(fields.updatedDaysAgo),
    description,
    summary: { type: 'rendered', raw: description, markup: 'markdown', html: '' },
    reviewers: fields.reviewers ?? [],
    participants: fields.participants ?? [],
    ...(fields.reason ? { reason: fields.reason } : {}),
    links: {
      self: { href: `${REPO_API}/pullrequests/${id}` },
      html: {
        href: `https://bitbucket.org/${HISTORY_WORKSPACE}/${HISTORY_REPO}/pull-requests/${id}`,
      },
      diff: { href: `${REPO_API}/pullrequests/${id}/diff` },
      diffstat: { href: `${REPO_API}/pullrequests/${id}/diffstat` },
    },
  } as PullRequest & { description: string };
}

export const MERGED_PR_DESCRIPTION = `## Why

Receipts showed **US dates** to everyone. See [the guide](docs/guide.md).

- Uses \`Intl.DateTimeFormat\`
- Adds tests

<script>window.__pailXss = 'pr-description'</script>
`;

export const pullRequests: Array<PullRequest & { description: string }> = [
  pullRequest(12, {
    title: 'Dark mode for the catalogue',
    state: 'OPEN',
    author: alice,
    source: 'feature/dark-mode',
    comments: 3,
    updatedDaysAgo: 1,
    description: 'Adds a **dark** theme.',
    reviewers: [bob, carol],
    participants: [participant(bob, 'REVIEWER', 'changes_requested')],
  }),
  pullRequest(11, {
    title: 'Draft: registry clean-up',
    state: 'OPEN',
    draft: true,
    author: bob,
    source: 'bugfix/PAIL-42/login-redirect',
    destination: 'develop',
    comments: 1,
    updatedDaysAgo: 2,
  }),
  pullRequest(9, {
    title: 'Fix the date format in receipts',
    state: 'MERGED',
    author: carol,
    source: 'bugfix/receipt-dates',
    comments: 4,
    updatedDaysAgo: 6,
    description: MERGED_PR_DESCRIPTION,
    reviewers: [alice, bob],
    participants: [
      participant(alice, 'REVIEWER', 'approved'),
      participant(bob, 'REVIEWER', 'approved'),
      participant(carol, 'PARTICIPANT', null),
    ],
  }),
  pullRequest(8, {
    title: 'Rewrite pricing in Rust',
    state: 'DECLINED',
    author: bob,
    source: 'experiment/rust-pricing',
    updatedDaysAgo: 9,
    reason: 'Not this quarter.',
  }),
  pullRequest(7, {
    title: 'Old take on the registry',
    state: 'SUPERSEDED',
    author: alice,
    source: 'feature/registry-v1',
    updatedDaysAgo: 12,
  }),
];

/** Many open pull requests, for paging: PR ids 100–129 in `acme/gadgets` are not used, so paging tests add them. */
export function manyOpenPullRequests(count: number): Array<PullRequest & { description: string }> {
  return Array.from({ length: count }, (_, index) =>
    pullRequest(100 + index, {
      title: `Open change ${index + 1}`,
      state: 'OPEN',
      author: AUTHORS[index % 2]!.user!,
      source: `feature/change-${index + 1}`,
      updatedDaysAgo: 1 + index,
    }),
  );
}
