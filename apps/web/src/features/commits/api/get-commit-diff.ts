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

/** The whole diff, asked for only once the diffstat shows the change is small enough (`enabled`). */
export function useCommitDiff(workspace: string, repo: string, hash: string, enabled: boolean) {
  return useQuery({ ...getCommitDiffQueryOptions(workspace, repo, hash), enabled });
}

/**
 * One file's part of the commit's diff (`path=` filters by old or new name, so a rename is one request),
 * for changes too large to fetch whole: asked for only when someone opens that file.
 */
export function getCommitFileDiffQueryOptions(
  workspace: string,
  repo: string,
  hash: string,
  path: string,
) {
  return queryOptions({
    queryKey: ['commit-diff', workspace, repo, hash, 'file', path],
    queryFn: async ({ signal }) => {
      const body = await api.get<unknown>(bitbucketApi.diff(workspace, repo, hash), {
        signal,
        query: { path },
      });
      return typeof body === 'string' ? body : '';
    },
    staleTime: Infinity,
  });
}
