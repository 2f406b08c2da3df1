// GET /2.0/repositories/{workspace}/{repo}/pullrequests/{id}/diffstat: the files it changes (Bitbucket redirects).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Diffstat, Paginated } from '@pail/shared/bitbucket';
import { diffstatStaleTime, streamedDiffstat } from '@/components/diff/streamed-diffstat';
import { STALE_TIME_MS } from '@/lib/query-client';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

/** Pages followed at most (Bitbucket's diffstat pages hold 500 files by default). */
export const PULL_REQUEST_DIFFSTAT_MAX_PAGES = 5;

export function getPullRequestDiffstatQueryOptions(
  workspace: string,
  repo: string,
  id: number,
  sourceCommit: string | undefined,
) {
  return queryOptions({
    queryKey: ['pull-request-diffstat', workspace, repo, id, sourceCommit ?? ''],
    // Bare: this endpoint takes no parameters; the diffstat it redirects to pages at 500 files by default.
    queryFn: streamedDiffstat(
      (signal) =>
        api.get<Paginated<Diffstat>>(bitbucketApi.pullRequestDiffstat(workspace, repo, id), {
          signal,
        }),
      PULL_REQUEST_DIFFSTAT_MAX_PAGES,
    ),
    staleTime: diffstatStaleTime(STALE_TIME_MS),
  });
}

export function usePullRequestDiffstat(
  workspace: string,
  repo: string,
  id: number,
  sourceCommit: string | undefined,
) {
  return useQuery(getPullRequestDiffstatQueryOptions(workspace, repo, id, sourceCommit));
}
