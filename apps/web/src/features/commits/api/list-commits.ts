// GET /2.0/repositories/{workspace}/{repo}/commits?include={ref}: a ref's history, newest first, iterator-paged.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { Commit, Paginated } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';

export const COMMITS_PAGE_LENGTH = 30;

export interface ListCommitsParams {
  workspace: string;
  repo: string;
  /** A branch, tag or commit; sent as `include=` so a name with `/` never becomes a path segment. */
  ref: string;
  /** Only commits that touch this file or directory. */
  path?: string | undefined;
}

export function listCommits({
  workspace,
  repo,
  ref,
  path,
  signal,
}: ListCommitsParams & { signal?: AbortSignal }): Promise<Paginated<Commit>> {
  return api.get<Paginated<Commit>>(bitbucketApi.commits(workspace, repo), {
    signal,
    query: { include: ref, path: path || undefined, pagelen: COMMITS_PAGE_LENGTH },
  });
}

export function listCommitsQueryOptions({ workspace, repo, ref, path }: ListCommitsParams) {
  return infiniteQueryOptions({
    queryKey: ['commits', workspace, repo, { ref, path: path ?? '' }] as const,
    queryFn: ({ pageParam, signal }) =>
      pageParam
        ? getNextPage<Paginated<Commit>>(pageParam, { signal })
        : listCommits({ workspace, repo, ref, path, signal }),
    initialPageParam: undefined as string | undefined,
    // Iterator paging: only `next` says whether there is more; it is opaque, so it is followed as given.
    getNextPageParam: (lastPage) => lastPage.next,
  });
}

export function useCommits(params: ListCommitsParams) {
  return useInfiniteQuery(listCommitsQueryOptions(params));
}
