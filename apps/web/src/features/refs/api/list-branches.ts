// GET /2.0/repositories/{workspace}/{repo}/refs/branches: one page of branches, filtered by name and sorted.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Branch, Paginated } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';
import { refListQuery } from './ref-list-query';
import type { ListRefsParams } from './ref-list-query';

export function listBranches({
  workspace,
  repo,
  signal,
  ...params
}: ListRefsParams & { signal?: AbortSignal }): Promise<Paginated<Branch>> {
  return api.get<Paginated<Branch>>(bitbucketApi.branches(workspace, repo), {
    signal,
    query: refListQuery(params),
  });
}

export function listBranchesQueryOptions(params: ListRefsParams) {
  const { workspace, repo, page, sort } = params;
  const search = params.search.trim();
  return queryOptions({
    queryKey: ['branches', workspace, repo, { page, sort, search }] as const,
    queryFn: ({ signal }) => listBranches({ workspace, repo, page, sort, search, signal }),
    // Keep the previous page of the same repository on screen while the next one loads.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === workspace && previousQuery.queryKey[2] === repo
        ? previous
        : undefined,
  });
}

export function useBranches(params: ListRefsParams) {
  return useQuery(listBranchesQueryOptions(params));
}
