// GET /2.0/repositories/{workspace}/{repo}/diffstat/{hash}: every file the commit touches, with line counts.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Diffstat, Paginated } from '@pail/shared/bitbucket';
import { diffstatStaleTime, streamedDiffstat } from '@/components/diff/streamed-diffstat';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export const DIFFSTAT_PAGE_LENGTH = 500;
/**
 * Pages followed at most (10,000 files). Past a few hundred files the page lists them virtualised and
 * fetches each file's diff when it is opened, so a long list costs requests, not rendering; the first
 * page shows while the rest arrive.
 */
export const DIFFSTAT_MAX_PAGES = 20;

export function getCommitDiffstatQueryOptions(workspace: string, repo: string, hash: string) {
  return queryOptions({
    queryKey: ['commit-diffstat', workspace, repo, hash],
    queryFn: streamedDiffstat(
      (signal) =>
        api.get<Paginated<Diffstat>>(bitbucketApi.diffstat(workspace, repo, hash), {
          signal,
          query: { pagelen: DIFFSTAT_PAGE_LENGTH },
        }),
      DIFFSTAT_MAX_PAGES,
    ),
    staleTime: diffstatStaleTime(Infinity),
  });
}

export function useCommitDiffstat(workspace: string, repo: string, hash: string) {
  return useQuery(getCommitDiffstatQueryOptions(workspace, repo, hash));
}
