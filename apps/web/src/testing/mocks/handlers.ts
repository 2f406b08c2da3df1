// MSW handlers that answer like the BFF and, behind it, Bitbucket Cloud: CSRF check, pagination, q, sort, errors.
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@pail/shared';
import type { BffErrorBody, BffErrorCode } from '@pail/shared';
import type { BitbucketErrorBody, Paginated } from '@pail/shared/bitbucket';
import { http, HttpResponse } from 'msw';
import type { HttpResponseResolver } from 'msw';
import {
  BITBUCKET_API,
  findRepository,
  repositoriesByWorkspace,
  sessionFixture,
  workspaceAccesses,
  workspaces,
} from './fixtures';
import { sourceHandlers } from './source-handlers';
import { historyHandlers } from './history-handlers';
import { authHandlers } from './auth-handlers';

export function bffError(status: number, code: BffErrorCode, message: string) {
  return HttpResponse.json<BffErrorBody>({ error: { code, message } }, { status });
}

export function bitbucketError(
  status: number,
  message: string,
  detail?: BitbucketErrorBody['error']['detail'] | { required: string[]; granted: string[] },
  headers?: HeadersInit,
) {
  const body = { type: 'error', error: detail === undefined ? { message } : { message, detail } };
  return HttpResponse.json(body, { status, headers });
}

/** The BFF refuses any XHR without `X-CSRF: 1`, before doing anything else. */
export function withCsrf(resolver: HttpResponseResolver): HttpResponseResolver {
  return (info) => {
    if (info.request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
      return bffError(403, 'csrf_required', 'This request needs the X-CSRF header.');
    }
    return resolver(info);
  };
}

/**
 * Bitbucket's page envelope for `values`, honouring `page` and `pagelen` (10 by default, 100 at most)
 * and linking `next`/`previous` on Bitbucket's own origin, as the BFF passes them through.
 */
export function paginate<T>(values: T[], requestUrl: string, defaultPagelen = 10): Paginated<T> {
  const url = new URL(requestUrl);
  const pagelen = Math.min(
    100,
    Math.max(1, Number(url.searchParams.get('pagelen')) || defaultPagelen),
  );
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const start = (page - 1) * pagelen;
  const linkTo = (target: number) => {
    const link = new URL(url.pathname.replace(/^\/api/, '') + url.search, BITBUCKET_API);
    link.searchParams.set('page', String(target));
    return link.href;
  };
  return {
    pagelen,
    size: values.length,
    page,
    values: values.slice(start, start + pagelen),
    ...(start + pagelen < values.length ? { next: linkTo(page + 1) } : {}),
    ...(page > 1 ? { previous: linkTo(page - 1) } : {}),
  };
}

/** The subset of Bitbucket's `q` language the SPA sends: `name ~ "term"` (case-insensitive contains). */
function filterByName<T extends { name?: string }>(values: T[], q: string | null): T[] | 'invalid' {
  if (!q) return values;
  const match = /^name ~ "((?:[^"\\]|\\.)*)"$/.exec(q);
  if (!match) return 'invalid';
  const term = match[1]!.replace(/\\(.)/g, '$1').toLowerCase();
  return values.filter((value) => value.name?.toLowerCase().includes(term));
}

function sortBy<T extends Record<string, unknown>>(values: T[], sort: string | null): T[] {
  if (!sort) return values;
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  return [...values].sort((a, b) => {
    const order = String(a[field] ?? '').localeCompare(String(b[field] ?? ''));
    return descending ? -order : order;
  });
}

export const handlers = [
  ...authHandlers,
  http.get(
    '/bff/session',
    withCsrf(() => HttpResponse.json(sessionFixture)),
  ),

  http.post(
    '/bff/logout',
    withCsrf(() => new HttpResponse(null, { status: 204 })),
  ),

  http.get(
    '/api/2.0/user/workspaces',
    withCsrf(({ request }) => HttpResponse.json(paginate(workspaceAccesses, request.url))),
  ),

  http.get(
    '/api/2.0/workspaces/:workspace',
    withCsrf(({ params }) => {
      const workspace = workspaces.find((candidate) => candidate.slug === params.workspace);
      if (!workspace)
        return bitbucketError(404, `No workspace with identifier '${String(params.workspace)}'.`);
      return HttpResponse.json(workspace);
    }),
  ),

  http.get(
    '/api/2.0/repositories/:workspace',
    withCsrf(({ request, params }) => {
      const repositories = repositoriesByWorkspace[String(params.workspace)];
      if (!repositories)
        return bitbucketError(404, `No workspace with identifier '${String(params.workspace)}'.`);
      const url = new URL(request.url);
      const filtered = filterByName(repositories, url.searchParams.get('q'));
      if (filtered === 'invalid') return bitbucketError(400, 'Invalid query', 'Could not parse q');
      const sorted = sortBy(
        filtered as unknown as Record<string, unknown>[],
        url.searchParams.get('sort'),
      );
      return HttpResponse.json(paginate(sorted, request.url));
    }),
  ),

  http.get(
    '/api/2.0/repositories/:workspace/:repo',
    withCsrf(({ params }) => {
      const repository = findRepository(String(params.workspace), String(params.repo));
      if (!repository) {
        return bitbucketError(
          404,
          `Repository ${String(params.workspace)}/${String(params.repo)} not found`,
        );
      }
      return HttpResponse.json(repository);
    }),
  ),

  ...sourceHandlers,
  ...historyHandlers,
];

/** A session that has ended: the BFF answers 401 to everything. */
export const signedOutHandlers = [
  http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in to continue.')),
  http.get('/api/*', () => bffError(401, 'unauthenticated', 'Sign in to continue.')),
];
