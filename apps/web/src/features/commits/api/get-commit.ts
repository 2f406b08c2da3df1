// GET /2.0/repositories/{workspace}/{repo}/commit/{hash}: one commit with its full message and parents.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Commit } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export function getCommit({
  workspace,
  repo,
  hash,
  signal,
}: {
  workspace: string;
  repo: string;
  hash: string;
  signal?: AbortSignal;
}): Promise<Commit> {
  return api.get<Commit>(bitbucketApi.commit(workspace, repo, hash), { signal });
}

export function getCommitQueryOptions(workspace: string, repo: string, hash: string) {
  return queryOptions({
    queryKey: ['commit', workspace, repo, hash],
    queryFn: ({ signal }) => getCommit({ workspace, repo, hash, signal }),
    // A commit never changes.
    staleTime: Infinity,
  });
}

export function useCommit(workspace: string, repo: string, hash: string) {
  return useQuery(getCommitQueryOptions(workspace, repo, hash));
}
