// Every URL the SPA builds: its own routes (mirroring bitbucket.org), the BFF's navigations, and proxied API paths.
import { API_PREFIX, BFF_ROUTES } from '@pail/shared';
import type { LoginErrorCode } from '@pail/shared';

const segment = encodeURIComponent;
/** Encodes each segment of a slash-separated path (a file path, or a ref such as `feature/x`), keeping the slashes. */
const segmentPath = (path: string) => path.split('/').map(segment).join('/');

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
  /** Relative to the repository: `src`, then `{ref}/{path…}` (a ref may itself contain `/`). */
  source: 'src/*',
  commits: 'commits',
  /** `commits/{hash}` is a commit; `commits/branch/{ref}`, `commits/tag/{ref}` and `commits/{ref}` are histories. */
  commitsChild: 'commits/*',
  branches: 'branches',
  tags: 'tags',
  pullRequests: 'pull-requests',
  pullRequest: 'pull-requests/:pullRequestId/*',
} as const;

/** Why the sign-in page is shown, when it is not the visitor's own choice. */
export type SignInReason = 'session_ended';

export interface RepositoryListSearch {
  search?: string;
  sort?: string;
  page?: number;
}

/** The SPA's own URLs. */
export const paths = {
  home: () => '/',
  /** The sign-in page; `returnTo` is where to go afterwards (omitted when it is just home). */
  login: (options: { returnTo?: string; error?: LoginErrorCode; reason?: SignInReason } = {}) =>
    `/login${toQueryString({
      returnTo: options.returnTo && options.returnTo !== '/' ? options.returnTo : undefined,
      error: options.error,
      reason: options.reason,
    })}`,
  account: () => '/account',
  workspace: (workspace: string, search: RepositoryListSearch = {}) =>
    `/${segment(workspace)}${toQueryString({
      search: search.search,
      sort: search.sort,
      page: search.page && search.page > 1 ? search.page : undefined,
    })}`,
  repository: (workspace: string, repo: string) => `/${segment(workspace)}/${segment(repo)}`,
  /** `/{ws}/{repo}/src/{ref}/{path}`; with no ref, the main branch's root. */
  source: (workspace: string, repo: string, ref?: string, path = '') =>
    `/${segment(workspace)}/${segment(repo)}/src${ref === undefined ? '' : `/${segmentPath(ref)}`}${
      ref !== undefined && path !== '' ? `/${segmentPath(path)}` : ''
    }`,
  /** Raw bytes from Pail's own origin (the BFF serves it, sandboxed), as `bitbucket.org/{ws}/{repo}/raw/{ref}/{path}`. */
  raw: (
    workspace: string,
    repo: string,
    commit: string,
    path: string,
    options: { download?: boolean } = {},
  ) =>
    `/${segment(workspace)}/${segment(repo)}/raw/${segment(commit)}/${segmentPath(path)}${toQueryString(
      {
        download: options.download ? 1 : undefined,
      },
    )}`,
  /** History: of the main branch, of a branch (`ref`) or a tag, optionally only commits touching `path`. */
  commits: (
    workspace: string,
    repo: string,
    options: { ref?: string; tag?: string; path?: string } = {},
  ) =>
    `/${segment(workspace)}/${segment(repo)}/commits${
      options.tag
        ? `/tag/${segmentPath(options.tag)}`
        : options.ref
          ? `/branch/${segmentPath(options.ref)}`
          : ''
    }${toQueryString({ path: options.path })}`,
  commit: (workspace: string, repo: string, hash: string) =>
    `/${segment(workspace)}/${segment(repo)}/commits/${segment(hash)}`,
  branches: (workspace: string, repo: string) => `/${segment(workspace)}/${segment(repo)}/branches`,
  tags: (workspace: string, repo: string) => `/${segment(workspace)}/${segment(repo)}/tags`,
  pullRequests: (workspace: string, repo: string, options: { state?: string } = {}) =>
    `/${segment(workspace)}/${segment(repo)}/pull-requests${toQueryString({ state: options.state })}`,
  pullRequest: (workspace: string, repo: string, id: number) =>
    `/${segment(workspace)}/${segment(repo)}/pull-requests/${id}`,
} as const;

/** Whether a local path is one the BFF serves itself (a raw file), so reaching it needs a full page load. */
export function isServedByBff(path: string): boolean {
  return /^\/[^/?#]+\/[^/?#]+\/raw\//.test(path);
}

/** The BFF's endpoints. Sign-in is a top-level navigation to `login`, never a fetch. */
export const bffPaths = {
  login: (returnTo?: string) =>
    `${BFF_ROUTES.login}${toQueryString({ returnTo: returnTo && returnTo !== '/' ? returnTo : undefined })}`,
  session: () => BFF_ROUTES.session,
  logout: () => BFF_ROUTES.logout,
  /** POST JSON `{ username, token }`: sign in with an Atlassian account email and API token. */
  loginToken: () => BFF_ROUTES.loginToken,
  /** GET lists this user's sessions; DELETE signs out everywhere. */
  sessions: () => BFF_ROUTES.sessions,
  /** DELETE signs out one session, by its public id. */
  sessionById: (id: string) => `${BFF_ROUTES.sessions}/${segment(id)}`,
  usage: () => BFF_ROUTES.usage,
} as const;

/** Bitbucket REST 2.0 paths as the BFF proxies them (`/api/2.0/...`). */
export const bitbucketApi = {
  userWorkspaces: () => `${API_PREFIX}/2.0/user/workspaces`,
  workspace: (workspace: string) => `${API_PREFIX}/2.0/workspaces/${segment(workspace)}`,
  repositories: (workspace: string) => `${API_PREFIX}/2.0/repositories/${segment(workspace)}`,
  repository: (workspace: string, repo: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}`,
  /** Iterator-paged history; the ref goes in `?include=` so a branch name with `/` stays out of the path. */
  commits: (workspace: string, repo: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/commits`,
  commit: (workspace: string, repo: string, hash: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/commit/${segment(hash)}`,
  /** Raw unified diff of one commit (against its first parent), or `new..old`. */
  diff: (workspace: string, repo: string, spec: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/diff/${segment(spec)}`,
  diffstat: (workspace: string, repo: string, spec: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/diffstat/${segment(spec)}`,
  branches: (workspace: string, repo: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/refs/branches`,
  tags: (workspace: string, repo: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/refs/tags`,
  pullRequests: (workspace: string, repo: string) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/pullrequests`,
  pullRequest: (workspace: string, repo: string, id: number) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/pullrequests/${id}`,
  /** Answers 302 to the repository's `diff/{spec}`; the BFF follows it on the same host. */
  pullRequestDiff: (workspace: string, repo: string, id: number) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/pullrequests/${id}/diff`,
  pullRequestDiffstat: (workspace: string, repo: string, id: number) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/pullrequests/${id}/diffstat`,
  /**
   * `src/{commit}/{path}`: a file's bytes (or, with `?format=meta`, its description); with `directory`, the
   * paginated listing, whose URL ends in `/` (the root's must). Always a commit hash: names with `/` fail here.
   */
  source: (
    workspace: string,
    repo: string,
    commit: string,
    path = '',
    options: { directory?: boolean } = {},
  ) =>
    `${API_PREFIX}/2.0/repositories/${segment(workspace)}/${segment(repo)}/src/${segment(commit)}/${
      path === '' ? '' : `${segmentPath(path)}${options.directory ? '/' : ''}`
    }`,
} as const;
