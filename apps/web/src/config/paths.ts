// Every URL the SPA builds: its own routes (mirroring bitbucket.org), the BFF's navigations, and proxied API paths.
import { API_PREFIX, BFF_ROUTES } from '@pail/shared';
import type { LoginErrorCode } from '@pail/shared';

const segment = encodeURIComponent;

/** Query strings with `%20` for spaces (Bitbucket's `q` language is read literally), skipping empty values. */
export function toQueryString(params: Record<string, string | number | undefined | null>): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] != null && entry[1] !== '')
    .map(([key, value]) => `${segment(key)}=${segment(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** Route patterns for the router; keep in step with {@link paths}. */
export const routePatterns = {
  home: '/',
  login: '/login',
  account: '/account',
  workspace: ':workspace',
  repository: ':repo',
} as const;

export interface RepositoryListSearch {
  search?: string;
  sort?: string;
  page?: number;
}

/** The SPA's own URLs. */
export const paths = {
  home: () => '/',
  /** The sign-in page; `returnTo` is where to go afterwards (omitted when it is just home). */
  login: (options: { returnTo?: string; error?: LoginErrorCode } = {}) =>
    `/login${toQueryString({
      returnTo: options.returnTo && options.returnTo !== '/' ? options.returnTo : undefined,
      error: options.error,
    })}`,
  account: () => '/account',
  workspace: (workspace: string, search: RepositoryListSearch = {}) =>
    `/${segment(workspace)}${toQueryString({
      search: search.search,
      sort: search.sort,
      page: search.page && search.page > 1 ? search.page : undefined,
    })}`,
  repository: (workspace: string, repo: string) => `/${segment(workspace)}/${segment(repo)}`,
} as const;

/** The BFF's endpoints. Sign-in is a top-level navigation to `login`, never a fetch. */
export const bffPaths = {
  login: (returnTo?: string) =>
    `${BFF_ROUTES.login}${toQueryString({ returnTo: returnTo && returnTo !== '/' ? returnTo : undefined })}`,
  session: () => BFF_ROUTES.session,
  logout: () => BFF_ROUTES.logout,
} as const;

/** Bitbucket REST 2.0 paths as the BFF proxies them (`/api/2.0/...`). */
export const bitbucketApi = {
  userWorkspaces: () => `${API_PREFIX}/2.0/user/workspaces`,
  workspace: (workspace: string) => `${API_PREFIX}/2.0/workspaces/${segment(workspace)}`,
  repositories: (workspace: string) => `${API_PREFIX}/2.0/repositories/${segment(workspace)}`,
  repository: (workspace: string, repo: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}`,
} as const;
