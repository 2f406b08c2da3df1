// GET /2.0/repositories/{workspace}/{repo}/pullrequests?state=…: one page of pull requests in one state.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Paginated, PullRequest } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export const PULL_REQUESTS_PAGE_LENGTH = 25;

/** The states Bitbucket filters on, in the order the filter offers them. */
export const PULL_REQUEST_STATES = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'] as const;
export type PullRequestState = (typeof PULL_REQUEST_STATES)[number];
export const DEFAULT_PULL_REQUEST_STATE: PullRequestState = 'OPEN';

/** `?state=merged` and `?state=MERGED` both work; anything else is the default. */
export function readPullRequestState(value: string | null): PullRequestState {
  const upper = value?.toUpperCase();
  return PULL_REQUEST_STATES.find((state) => state === upper) ?? DEFAULT_PULL_REQUEST_STATE;
}

export interface ListPullRequestsParams {
  workspace: string;
  repo: string;
  state: PullRequestState;
  /** 1-based. */
  page: number;
}

export function listPullRequests({
  workspace,
  repo,
  state,
  page,
  signal,
}: ListPullRequestsParams & { signal?: AbortSignal }): Promise<Paginated<PullRequest>> {
  return api.get<Paginated<PullRequest>>(bitbucketApi.pullRequests(workspace, repo), {
    signal,
    query: { state, page, pagelen: PULL_REQUESTS_PAGE_LENGTH, sort: '-updated_on' },
  });
}

export function listPullRequestsQueryOptions(params: ListPullRequestsParams) {
  const { workspace, repo, state, page } = params;
  return queryOptions({
    queryKey: ['pull-requests', workspace, repo, { state, page }] as const,
    queryFn: ({ signal }) => listPullRequests({ workspace, repo, state, page, signal }),
  });
}

export function usePullRequests(params: ListPullRequestsParams) {
  return useQuery(listPullRequestsQueryOptions(params));
}
