// Classic OAuth scopes: what each one implies (FACTS.md §3) and the 403 an endpoint answers without it.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api/api-error';
import type { ApiEnv } from './caller';

/** Documented implications only; e.g. `repository:admin` does not imply `repository`. */
const IMPLIES: Record<string, readonly string[]> = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
  project: ['repository'],
  'issue:write': ['issue'],
  'snippet:write': ['snippet'],
};

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

export function insufficientScope(required: string, granted: readonly string[]): ApiError {
  return new ApiError(403, 'Your credentials lack one or more required privilege scopes.', {
    required: [required],
    granted: [...granted].sort(),
  });
}

/** Answers 403 unless the caller's classic scopes (with implications) include `scope`. */
export function requireScope(scope: string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { grantedScopes } = c.var.caller;
    if (!effectiveScopes(grantedScopes).has(scope)) throw insufficientScope(scope, grantedScopes);
    await next();
  };
}
