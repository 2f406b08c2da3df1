// Everything under a repository's content: source, history and diffs, refs, pull requests.
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../auth/caller';
import type { EmulatorContext } from '../emulator-context';
import { commitRoutes } from './commit-routes';
import type { CommitRouteOptions } from './commit-routes';
import { pullRequestRoutes } from './pullrequest-routes';
import { refRoutes } from './ref-routes';
import { sourceRoutes } from './source-routes';

export function contentRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
  options: CommitRouteOptions,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.route('/', sourceRoutes(ctx, authenticated));
  app.route('/', commitRoutes(ctx, authenticated, options));
  app.route('/', refRoutes(ctx, authenticated));
  app.route('/', pullRequestRoutes(ctx, authenticated));
  return app;
}
