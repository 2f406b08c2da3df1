// GET /2.0/workspaces/{workspace} and its projects; a private workspace is invisible to non-members.
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import type { SeedWorkspace } from '../seed/model';
import { ApiError, workspaceNotFound } from './api-error';
import { applyListQuery } from './list-query';
import { paginate } from './pagination';
import { Representations } from './representations';

/** The workspace named in the path, if the caller may see it; else Bitbucket's 404. */
export function visibleWorkspace(
  ctx: EmulatorContext,
  c: Context<ApiEnv>,
  id: string,
): SeedWorkspace {
  const workspace = ctx.directory.workspace(id);
  if (!workspace || !ctx.directory.canSeeWorkspace(c.var.caller.principal, workspace)) {
    throw workspaceNotFound(id);
  }
  return workspace;
}

export function workspaceRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new Representations(ctx);

  app.get('/2.0/workspaces/:workspace', authenticated, requireScope('account'), (c) => {
    return c.json(represent.workspace(visibleWorkspace(ctx, c, c.req.param('workspace'))));
  });

  app.get('/2.0/workspaces/:workspace/projects', authenticated, requireScope('account'), (c) => {
    const workspace = visibleWorkspace(ctx, c, c.req.param('workspace'));
    const projects = ctx.directory
      .projectsOf(workspace.slug)
      .filter((p) => ctx.directory.canSeeProject(c.var.caller.principal, p))
      .map((p) => represent.project(p));
    const listed = applyListQuery('project', projects, {
      q: c.req.query('q'),
      sort: c.req.query('sort'),
    });
    return c.json(paginate(ctx.origin, c.req.url, listed));
  });

  app.get(
    '/2.0/workspaces/:workspace/projects/:key',
    authenticated,
    requireScope('account'),
    (c) => {
      const workspace = visibleWorkspace(ctx, c, c.req.param('workspace'));
      const project = ctx.directory.project(workspace.slug, c.req.param('key'));
      if (!project || !ctx.directory.canSeeProject(c.var.caller.principal, project)) {
        throw new ApiError(404, `Project not found: ${c.req.param('key')}`);
      }
      return c.json(represent.project(project));
    },
  );

  return app;
}
