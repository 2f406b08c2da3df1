// GET /2.0/repositories/{workspace}/{repo}/diff/{hash}: the commit's raw unified diff against its first parent.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export async function getCommitDiff({
  workspace,
  repo,
  hash,
  signal,
}: {
  workspace: string;
  repo: string;
  hash: string;
  signal?: AbortSignal;
}): Promise<string> {
  const body = await api.get<unknown>(bitbucketApi.diff(workspace, repo, hash), { signal });
  // An empty diff (a merge without changes of its own) has no body at all.
  return typeof body === 'string' ? body : '';
}

export function getCommitDiffQueryOptions(workspace: string, repo: string, hash: string) {
  return queryOptions({
    queryKey: ['commit-diff', workspace, repo, hash],
    queryFn: ({ signal }) => getCommitDiff({ workspace, repo, hash, signal }),
    staleTime: Infinity,
  });
}

export function useCommitDiff(workspace: string, repo: string, hash: string) {
  return useQuery(getCommitDiffQueryOptions(workspace, repo, hash));
}
