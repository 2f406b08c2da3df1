// GET /2.0/workspaces/{workspace}: one workspace's name, avatar and privacy.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Workspace } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export function getWorkspace({
  workspace,
  signal,
}: {
  workspace: string;
  signal?: AbortSignal;
}): Promise<Workspace> {
  return api.get<Workspace>(bitbucketApi.workspace(workspace), { signal });
}

export function getWorkspaceQueryOptions(workspace: string) {
  return queryOptions({
    queryKey: ['workspace', workspace],
    queryFn: ({ signal }) => getWorkspace({ workspace, signal }),
    staleTime: 5 * 60_000,
  });
}

export function useWorkspace(workspace: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getWorkspaceQueryOptions(workspace), enabled });
}
