// Scope enforcement per endpoint (FACTS.md §3): classic scopes with their implications for OAuth tokens and
// app passwords, the granular scopes swagger.json lists for API tokens (no implications), and the
// `X-Accepted-OAuth-Scopes` header Bitbucket sends.
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { ApiError, REPOSITORY_NOT_FOUND, workspaceNotFound } from '../api/api-error';
import type { ApiEnv } from './caller';
import { OPERATION_SCOPES } from './operation-scopes';
import type { OperationScopes } from './operation-scopes';

/** Documented implications only; e.g. `repository:admin` does not imply `repository`. */
const IMPLIES: Record<string, readonly string[]> = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
  project: ['repository'],
  'issue:write': ['issue'],
  'snippet:write': ['snippet'],
};

/**
 * The granular scope an API token needs on an emulated route that swagger.json does not describe, from the
 * classic scope the route declares.
 */
const GRANULAR_FOR_CLASSIC: Record<string, string> = {
  account: 'read:user:bitbucket',
  email: 'read:user:bitbucket',
  repository: 'read:repository:bitbucket',
  'repository:write': 'write:repository:bitbucket',
  'repository:admin': 'admin:repository:bitbucket',
  pullrequest: 'read:pullrequest:bitbucket',
  'pullrequest:write': 'write:pullrequest:bitbucket',
  project: 'read:project:bitbucket',
};

export const INSUFFICIENT_SCOPE = 'Your credentials lack one or more required privilege scopes.';

export function effectiveScopes(granted: readonly string[]): Set<string> {
  const out = new Set<string>();
  const queue = [...granted];
  while (queue.length > 0) {
    const scope = queue.pop() as string;
    if (out.has(scope)) continue;
    out.add(scope);
    queue.push(...(IMPLIES[scope] ?? []));
  }
  return out;
}

export function insufficientScope(
  required: string | readonly string[],
  granted: readonly string[],
): ApiError {
  return new ApiError(403, INSUFFICIENT_SCOPE, {
    required: typeof required === 'string' ? [required] : [...required],
    granted: [...granted].sort(),
  });
}

/** A path with each parameter as `*`: swagger's `/a/{x}/b` and Hono's `/2.0/a/:x{[0-9]+}/b/` look alike. */
export function routeShape(path: string): string {
  const shape = path
    .replace(/^\/2\.0(?=\/|$)/, '')
    .replace(/:[A-Za-z_][A-Za-z0-9_]*(\{[^}]*\})?\??/g, '*')
    .replace(/\{[^/}]*\}/g, '*')
    .replace(/\/+$/, '');
  return shape === '' ? '/' : shape;
}

const BY_SHAPE = new Map<string, OperationScopes>(
  Object.entries(OPERATION_SCOPES).map(([key, scopes]) => {
    const [method = '', path = ''] = key.split(' ', 2);
    return [`${method} ${routeShape(path)}`, scopes];
  }),
);

/** The swagger.json entry of a Hono route (its registered path) and method, if it describes one. */
export function operationScopesOf(method: string, route: string): OperationScopes | undefined {
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return BY_SHAPE.get(`${verb} ${routeShape(route)}`);
}

/** The granular scopes an API token needs on this route: swagger.json's, else derived from `classic`. */
export function granularScopesFor(method: string, route: string, classic: string): string[] {
  const listed = operationScopesOf(method, route)?.granular;
  if (listed && listed.length > 0) return [...listed];
  const derived = GRANULAR_FOR_CLASSIC[classic];
  if (!derived) throw new Error(`No granular scope is known for the classic scope "${classic}"`);
  return [derived];
}

/**
 * A workspace-limited API token reaches nothing outside its workspace: the path answers the 404 a
 * non-member gets, so the token does not reveal what exists elsewhere (decision record 011).
 */
function checkReach(c: Context<ApiEnv>): void {
  const params = c.req.param() as Record<string, string | undefined>;
  const workspace = params.workspace;
  if (workspace === undefined) return;
  const repo = params.repo ?? params.repo_slug;
  if (c.var.caller.reaches(workspace, repo)) return;
  throw repo !== undefined ? new ApiError(404, REPOSITORY_NOT_FOUND) : workspaceNotFound(workspace);
}

/**
 * Answers 403 unless the caller holds what the route needs: `scope` (a classic scope, with implications)
 * for OAuth tokens and app passwords; for API tokens, the granular scopes swagger.json lists for the
 * route (its registered path, `routePath(c)`), none implied by another.
 */
export function requireScope(scope: string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { grantedScopes, via } = c.var.caller;
    if (via === 'api_token') {
      const required = granularScopesFor(c.req.method, routePath(c), scope);
      c.header('X-Accepted-OAuth-Scopes', required.join(', '));
      if (!required.every((s) => grantedScopes.includes(s))) {
        throw insufficientScope(required, grantedScopes);
      }
    } else {
      c.header('X-Accepted-OAuth-Scopes', scope);
      if (!effectiveScopes(grantedScopes).has(scope)) throw insufficientScope(scope, grantedScopes);
    }
    checkReach(c);
    await next();
  };
}
