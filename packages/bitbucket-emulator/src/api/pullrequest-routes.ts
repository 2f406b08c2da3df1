// GET …/pullrequests (OPEN unless `state=`), …/pullrequests/{id}, its commits, and its diff/diffstat redirects.
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import type { PullRequestRecord, PullRequestState } from '../git/repository-content';
import { ApiError } from './api-error';
import { ContentRepresentations } from './content-representations';
import { applyListQuery } from './list-query';
import { paginate } from './pagination';
import { repositoryInPath } from './repository-access';
import type { RepositoryInPath } from './repository-access';
import { sortBy } from '../query/sort';

const STATES: readonly PullRequestState[] = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'];

function pullRequestInPath(c: Context<ApiEnv>, where: RepositoryInPath): PullRequestRecord {
  const id = c.req.param('id') ?? '';
  const record = /^\d+$/.test(id)
    ? where.content.pullRequests.find((pr) => pr.id === Number(id))
    : undefined;
  if (!record) throw new ApiError(404, `Pull request ${id} not found.`);
  return record;
}

/** `{source}..{merge base}`: the pull request's own changes, with the new side first as `/diff` expects. */
function changesSpec(where: RepositoryInPath, record: PullRequestRecord): string {
  const base = where.content.mergeBase(record.sourceCommit, record.destinationCommit);
  return `${record.sourceCommit}..${base?.hash ?? record.destinationCommit}`;
}

export function pullRequestRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new ContentRepresentations(ctx);
  const base = '/2.0/repositories/:workspace/:repo/pullrequests';

  app.get(base, authenticated, requireScope('pullrequest'), (c) => {
    const where = repositoryInPath(ctx, c);
    const states = (c.req.queries('state') ?? []).map((s) => s.toUpperCase());
    for (const state of states) {
      if (!STATES.includes(state as PullRequestState)) {
        throw new ApiError(400, `Invalid state: ${state}. Expected one of ${STATES.join(', ')}.`);
      }
    }
    const wanted = states.length > 0 ? states : ['OPEN'];
    const items = where.content.pullRequests
      .filter((pr) => wanted.includes(pr.state))
      .map((pr) => represent.pullRequest(where, pr, false));
    // Without `sort`, the most recently updated first.
    const listed = applyListQuery('pullrequest', sortBy(items, 'updated_on', true), {
      q: c.req.query('q'),
      sort: c.req.query('sort'),
    });
    return c.json(paginate(ctx.origin, c.req.url, listed));
  });

  app.get(`${base}/:id`, authenticated, requireScope('pullrequest'), (c) => {
    const where = repositoryInPath(ctx, c);
    return c.json(represent.pullRequest(where, pullRequestInPath(c, where), true));
  });

  app.get(`${base}/:id/commits`, authenticated, requireScope('pullrequest'), (c) => {
    const where = repositoryInPath(ctx, c);
    const record = pullRequestInPath(c, where);
    const commits = where.content
      .log([record.sourceCommit], [record.destinationCommit])
      .map((commit) => represent.commit(where, commit));
    const page = paginate(ctx.origin, c.req.url, commits);
    return c.json({
      pagelen: page.pagelen,
      values: page.values,
      ...(page.next ? { next: page.next } : {}),
    });
  });

  for (const kind of ['diff', 'diffstat'] as const) {
    app.get(`${base}/:id/${kind}`, authenticated, requireScope('pullrequest'), (c) => {
      const where = repositoryInPath(ctx, c);
      const record = pullRequestInPath(c, where);
      return c.redirect(`${where.apiBase}/${kind}/${changesSpec(where, record)}`, 302);
    });
  }

  return app;
}
