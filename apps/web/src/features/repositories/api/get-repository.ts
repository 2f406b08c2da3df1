// GET /2.0/repositories/{workspace}/{repo}: one repository's summary.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Repository } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export function getRepository({
  workspace,
  repo,
  signal,
}: {
  workspace: string;
  repo: string;
  signal?: AbortSignal;
}): Promise<Repository> {
  return api.get<Repository>(bitbucketApi.repository(workspace, repo), { signal });
}

export function getRepositoryQueryOptions(workspace: string, repo: string) {
  return queryOptions({
    queryKey: ['repository', workspace, repo],
    queryFn: ({ signal }) => getRepository({ workspace, repo, signal }),
  });
}

export function useRepository(workspace: string, repo: string) {
  return useQuery(getRepositoryQueryOptions(workspace, repo));
}
