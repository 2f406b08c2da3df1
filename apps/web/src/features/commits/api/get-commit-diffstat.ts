// GET /2.0/repositories/{workspace}/{repo}/diffstat/{hash}: every file the commit touches, with line counts.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Diffstat, Paginated } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';

export const DIFFSTAT_PAGE_LENGTH = 500;
/**
 * Pages followed at most (10,000 files). Past a few hundred files the page lists them virtualised and
 * fetches each file's diff when it is opened, so a long list costs requests, not rendering.
 */
export const DIFFSTAT_MAX_PAGES = 20;

export async function getCommitDiffstat({
  workspace,
  repo,
  hash,
  signal,
}: {
  workspace: string;
  repo: string;
  hash: string;
  signal?: AbortSignal;
}): Promise<Diffstat[]> {
  let page = await api.get<Paginated<Diffstat>>(bitbucketApi.diffstat(workspace, repo, hash), {
    signal,
    query: { pagelen: DIFFSTAT_PAGE_LENGTH },
  });
  const entries = [...page.values];
  for (let count = 1; page.next && count < DIFFSTAT_MAX_PAGES; count += 1) {
    page = await getNextPage<Paginated<Diffstat>>(page.next, { signal });
    entries.push(...page.values);
  }
  return entries;
}

export function getCommitDiffstatQueryOptions(workspace: string, repo: string, hash: string) {
  return queryOptions({
    queryKey: ['commit-diffstat', workspace, repo, hash],
    queryFn: ({ signal }) => getCommitDiffstat({ workspace, repo, hash, signal }),
    staleTime: Infinity,
  });
}

export function useCommitDiffstat(workspace: string, repo: string, hash: string) {
  return useQuery(getCommitDiffstatQueryOptions(workspace, repo, hash));
}
