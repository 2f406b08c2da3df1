// GET /2.0/repositories/{workspace}/{repo}/pullrequests/{id}/diffstat: the files it changes (Bitbucket redirects).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Diffstat, Paginated } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';

/** Pages followed at most (Bitbucket's diffstat pages hold 500 files by default). */
export const PULL_REQUEST_DIFFSTAT_MAX_PAGES = 5;

export async function getPullRequestDiffstat({
  workspace,
  repo,
  id,
  signal,
}: {
  workspace: string;
  repo: string;
  id: number;
  signal?: AbortSignal;
}): Promise<Diffstat[]> {
  // Bare: this endpoint takes no parameters; the diffstat it redirects to pages at 500 files by default.
  let page = await api.get<Paginated<Diffstat>>(
    bitbucketApi.pullRequestDiffstat(workspace, repo, id),
    { signal },
  );
  const entries = [...page.values];
  for (let count = 1; page.next && count < PULL_REQUEST_DIFFSTAT_MAX_PAGES; count += 1) {
    page = await getNextPage<Paginated<Diffstat>>(page.next, { signal });
    entries.push(...page.values);
  }
  return entries;
}

export function getPullRequestDiffstatQueryOptions(
  workspace: string,
  repo: string,
  id: number,
  sourceCommit: string | undefined,
) {
  return queryOptions({
    queryKey: ['pull-request-diffstat', workspace, repo, id, sourceCommit ?? ''],
    queryFn: ({ signal }) => getPullRequestDiffstat({ workspace, repo, id, signal }),
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
