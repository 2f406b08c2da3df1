// GET /2.0/repositories/{workspace} (role, q, sort, paging) and /2.0/repositories/{workspace}/{repo_slug}.
import type { Repository } from '@pail/shared/bitbucket';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import type { SeedRepository } from '../seed/model';
import type { RepoRole } from '../world/directory';
import { ApiError, REPOSITORY_NOT_FOUND } from './api-error';
import { applyListQuery } from './list-query';
import { paginate } from './pagination';
import { Representations } from './representations';
import { visibleWorkspace } from './workspace-routes';

const ROLES: readonly RepoRole[] = ['member', 'contributor', 'admin', 'owner'];

export function repositoryRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new Representations(ctx);
  /**
   * A repository's JSON does not depend on who asks, so it is built once per seed object (a reset makes new
   * ones): listing a 10,000-repository workspace would otherwise rebuild every one on every page.
   */
  const represented = new WeakMap<SeedRepository, Repository>();
  const representOnce = (repo: SeedRepository): Repository => {
    let json = represented.get(repo);
    if (!json) {
      json = represent.repository(repo);
      represented.set(repo, json);
    }
    return json;
  };

  app.get('/2.0/repositories/:workspace', authenticated, requireScope('repository'), (c) => {
    const { principal } = c.var.caller;
    const workspace = visibleWorkspace(ctx, c, c.req.param('workspace'));
    const role = c.req.query('role');
    if (role !== undefined && !ROLES.includes(role as RepoRole)) {
      throw new ApiError(400, `Invalid role: ${role}. Expected one of ${ROLES.join(', ')}.`);
    }
    const repositories = ctx.directory
      .repositoriesOf(workspace.slug)
      .filter((r) => ctx.directory.canSeeRepository(principal, r))
      .filter((r) => role === undefined || ctx.directory.hasRole(principal, r, role as RepoRole))
      // Without `sort`, oldest first (creation order); Bitbucket documents no default order. Seed dates
      // share one fixed-width format, so comparing the strings orders them as `sort=created_on` would.
      .sort((a, b) => (a.createdOn < b.createdOn ? -1 : a.createdOn > b.createdOn ? 1 : 0))
      .map(representOnce);
    const listed = applyListQuery('repository', repositories, {
      q: c.req.query('q'),
      sort: c.req.query('sort'),
    });
    return c.json(paginate(ctx.origin, c.req.url, listed));
  });

  app.get('/2.0/repositories/:workspace/:repo', authenticated, requireScope('repository'), (c) => {
    const repo = ctx.directory.repository(c.req.param('workspace'), c.req.param('repo'));
    if (!repo || !ctx.directory.canSeeRepository(c.var.caller.principal, repo)) {
      throw new ApiError(404, REPOSITORY_NOT_FOUND);
    }
    return c.json(represent.repository(repo));
  });

  return app;
}
