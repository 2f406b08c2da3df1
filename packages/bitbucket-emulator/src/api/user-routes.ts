// GET /2.0/user, /2.0/user/emails and /2.0/user/workspaces: the caller's account, addresses and memberships.
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import { ApiError } from './api-error';
import { applyListQuery } from './list-query';
import { paginate } from './pagination';
import { Representations } from './representations';

export function userRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new Representations(ctx);

  app.get('/2.0/user', authenticated, requireScope('account'), (c) => {
    const { principal } = c.var.caller;
    return c.json(
      principal.kind === 'user'
        ? represent.user(principal.user)
        : represent.appUser(principal.consumer),
    );
  });

  app.get('/2.0/user/emails', authenticated, requireScope('email'), (c) => {
    const { principal } = c.var.caller;
    const emails =
      principal.kind === 'user' ? principal.user.emails.map((e) => represent.email(e)) : [];
    return c.json(paginate(ctx.origin, c.req.url, emails));
  });

  app.get('/2.0/user/workspaces', authenticated, requireScope('account'), (c) => {
    const administrator = c.req.query('administrator');
    if (administrator !== undefined && administrator !== 'true' && administrator !== 'false') {
      throw new ApiError(400, 'Invalid value for administrator: expected true or false.');
    }
    const access = ctx.directory
      .workspacesOf(c.var.caller.principal)
      .filter((m) => administrator === undefined || String(m.administrator) === administrator)
      // A token limited to one workspace sees only that one.
      .filter((m) => c.var.caller.reaches(m.workspace.slug))
      .map((m) => represent.workspaceAccess(m.workspace, m.administrator));
    const listed = applyListQuery('workspace_access', access, {
      q: c.req.query('q'),
      sort: c.req.query('sort'),
    });
    return c.json(paginate(ctx.origin, c.req.url, listed));
  });

  return app;
}
