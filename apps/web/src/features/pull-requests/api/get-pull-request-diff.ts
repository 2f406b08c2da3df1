// GET /2.0/repositories/{workspace}/{repo}/pullrequests/{id}/diff: the raw diff (Bitbucket redirects to `diff/{spec}`).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export async function getPullRequestDiff({
  workspace,
  repo,
  id,
  signal,
}: {
  workspace: string;
  repo: string;
  id: number;
  signal?: AbortSignal;
}): Promise<string> {
  const body = await api.get<unknown>(bitbucketApi.pullRequestDiff(workspace, repo, id), {
    signal,
  });
  return typeof body === 'string' ? body : '';
}

/** Keyed by the source commit too, so a pushed update is a new diff rather than a stale one. */
export function getPullRequestDiffQueryOptions(
  workspace: string,
  repo: string,
  id: number,
  sourceCommit: string | undefined,
) {
  return queryOptions({
    queryKey: ['pull-request-diff', workspace, repo, id, sourceCommit ?? ''],
    queryFn: ({ signal }) => getPullRequestDiff({ workspace, repo, id, signal }),
  });
}

export function usePullRequestDiff(
  workspace: string,
  repo: string,
  id: number,
  sourceCommit: string | undefined,
) {
  return useQuery(getPullRequestDiffQueryOptions(workspace, repo, id, sourceCommit));
}
