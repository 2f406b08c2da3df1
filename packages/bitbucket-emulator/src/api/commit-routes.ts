// GET …/commits[/{revision}], …/commit/{sha}, …/diff/{spec} and …/diffstat/{spec}: history and changes.
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import type { CommitObject, Snapshot } from '../git/objects';
import type { RepositoryContent } from '../git/repository-content';
import { deltaMatchesPaths, diffSnapshots } from '../git/tree-diff';
import { formatFileDiff } from '../git/unified-diff';
import { ApiError, errorBody } from './api-error';
import { ContentRepresentations } from './content-representations';
import { paginate } from './pagination';
import type { PagingRules } from './pagination';
import { repositoryInPath, resolveRevision, segmentsAfter } from './repository-access';
import type { RepositoryInPath } from './repository-access';

/** Bitbucket's commit lists: iterator paging, 30 a page by default. */
const COMMIT_PAGING: PagingRules = { defaultPagelen: 30, maxPagelen: 100 };
/** Diffstat pages: 500 by default, up to 5,000 (FACTS §4). */
const DIFFSTAT_PAGING: PagingRules = { defaultPagelen: 500, maxPagelen: 5000 };

/** Above this many bytes a diff answers 555, Bitbucket's "too large to render" status. */
export const DEFAULT_MAX_DIFF_BYTES = 1_000_000;

export interface CommitRouteOptions {
  /** Read per request: the fault settings change it at run time. */
  maxDiffBytes: () => number;
}

const EMPTY: Snapshot = new Map();

function booleanParam(c: Context, name: string, fallback: boolean): boolean {
  const value = c.req.query(name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ApiError(400, `Invalid ${name}`, `${name} must be true or false.`);
}

function contextParam(c: Context): number {
  const value = c.req.query('context');
  if (value === undefined || value === '') return 3;
  if (!/^\d+$/.test(value))
    throw new ApiError(400, 'Invalid context', 'context must be a non-negative integer.');
  return Math.min(Number(value), 10_000);
}

/** Whether a commit changes `path` (file or directory): against every parent, as Git simplifies merges. */
function touchesPath(content: RepositoryContent, commit: CommitObject, path: string): boolean {
  if (commit.parents.length === 0) return content.touches(undefined, commit.snapshot, path);
  return commit.parents.every((p) =>
    content.touches(content.commit(p)?.snapshot ?? EMPTY, commit.snapshot, path),
  );
}

interface DiffSides {
  newCommit: CommitObject;
  /** The old side's commit; `undefined` for a root commit, diffed against nothing. */
  oldCommit: CommitObject | undefined;
}

/**
 * `spec` is one commit (against its first parent) or `A..B` with **A the new side**, the opposite of git;
 * with `topic` (the default) the old side is the merge base of A and B, a three-dot diff.
 */
function diffSides(c: Context, where: RepositoryInPath, spec: string): DiffSides {
  const { content } = where;
  // The form Bitbucket's own pull request redirects use: `{ws}/{repo}:{source}%0D{destination}`.
  const redirectForm = /^([^/]+)\/([^/:]+):([0-9a-f]{4,40})\r([0-9a-f]{4,40})$/i.exec(spec);
  if (redirectForm) {
    const [, workspace = '', slug = '', source = '', destination = ''] = redirectForm;
    const named = where.repo;
    const sameRepo =
      [named.workspace, named.uuid].some((id) => id.toLowerCase() === workspace.toLowerCase()) ||
      workspace === '{}';
    if (
      !sameRepo ||
      ![named.slug, named.uuid].some((id) => id.toLowerCase() === slug.toLowerCase())
    ) {
      throw new ApiError(404, 'Repository not found', `No repository ${workspace}/${slug} here.`);
    }
    return diffSides(c, where, `${source}..${destination}`);
  }
  const dots = spec.indexOf('..');
  if (dots < 0) {
    const newCommit = resolveRevision(content, spec);
    const parent = newCommit.parents[0];
    return { newCommit, oldCommit: parent ? content.commit(parent) : undefined };
  }
  const newCommit = resolveRevision(content, spec.slice(0, dots));
  const other = resolveRevision(content, spec.slice(dots + 2));
  if (!booleanParam(c, 'topic', true)) return { newCommit, oldCommit: other };
  return { newCommit, oldCommit: content.mergeBase(newCommit.hash, other.hash) };
}

export function commitRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
  options: CommitRouteOptions,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new ContentRepresentations(ctx);
  const repoPath = '/2.0/repositories/:workspace/:repo';

  const listCommits = (c: Context<ApiEnv>) => {
    const where = repositoryInPath(ctx, c);
    const { content } = where;
    const { segments } = segmentsAfter(c, '/commits/');
    const revision = new URL(c.req.url).pathname.includes('/commits/') ? segments.join('/') : '';
    const include = [...(revision ? [revision] : []), ...(c.req.queries('include') ?? [])];
    const exclude = c.req.queries('exclude') ?? [];
    // Without a revision or `include`, every branch's history, as Bitbucket lists "all commits".
    const heads =
      include.length > 0
        ? include.map((r) => resolveRevision(content, r).hash)
        : [...content.branches.values()];
    const excluded = exclude.map((r) => resolveRevision(content, r).hash);
    const paths = c.req.queries('path') ?? [];
    let commits = content.log(heads, excluded);
    if (paths.length > 0) {
      commits = commits.filter((commit) =>
        paths.some((p) => touchesPath(content, commit, p.replace(/\/+$/, ''))),
      );
    }
    const page = paginate(ctx.origin, c.req.url, commits, COMMIT_PAGING);
    return c.json({
      pagelen: page.pagelen,
      values: page.values.map((commit) => represent.commit(where, commit)),
      ...(page.next ? { next: page.next } : {}),
    });
  };

  app.get(`${repoPath}/commits`, authenticated, requireScope('repository'), listCommits);
  app.get(`${repoPath}/commits/*`, authenticated, requireScope('repository'), listCommits);

  app.get(`${repoPath}/commit/:commit`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    return c.json(represent.commit(where, resolveRevision(where.content, c.req.param('commit'))));
  });

  app.get(`${repoPath}/diff/*`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const spec = segmentsAfter(c, '/diff/').segments.join('/');
    const { newCommit, oldCommit } = diffSides(c, where, spec);
    const paths = c.req.queries('path') ?? [];
    const deltas = diffSnapshots(oldCommit?.snapshot ?? EMPTY, newCommit.snapshot, {
      renames: booleanParam(c, 'renames', true),
    }).filter((d) => deltaMatchesPaths(d, paths));
    const diffOptions = {
      context: contextParam(c),
      ignoreWhitespace: booleanParam(c, 'ignore_whitespace', false),
      binary: booleanParam(c, 'binary', true),
    };
    const parts: string[] = [];
    const maxDiffBytes = options.maxDiffBytes();
    let size = 0;
    for (const delta of deltas) {
      const part = formatFileDiff(delta, diffOptions);
      size += part.length;
      if (size > maxDiffBytes) {
        return c.json(
          errorBody(
            'Diff too large',
            `This diff is larger than ${maxDiffBytes} bytes and cannot be rendered. Use the diffstat, or filter with path=.`,
          ),
          555 as ContentfulStatusCode,
        );
      }
      parts.push(part);
    }
    return c.body(parts.join(''), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });

  app.get(`${repoPath}/diffstat/*`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const spec = segmentsAfter(c, '/diffstat/').segments.join('/');
    const { newCommit, oldCommit } = diffSides(c, where, spec);
    const paths = c.req.queries('path') ?? [];
    const ignoreWhitespace = booleanParam(c, 'ignore_whitespace', false);
    const deltas = diffSnapshots(oldCommit?.snapshot ?? EMPTY, newCommit.snapshot, {
      renames: booleanParam(c, 'renames', true),
    }).filter((d) => deltaMatchesPaths(d, paths));
    const oldHash = oldCommit?.hash ?? newCommit.hash;
    // Counting lines is the costly part: count only the page asked for.
    const page = paginate(ctx.origin, c.req.url, deltas, DIFFSTAT_PAGING);
    return c.json({
      ...page,
      values: page.values.map((delta) =>
        represent.diffstat(where, delta, oldHash, newCommit.hash, { ignoreWhitespace }),
      ),
    });
  });

  return app;
}
