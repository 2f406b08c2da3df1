// GET /2.0/user/workspaces: the workspaces the signed-in user belongs to, page by page through `next`.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { Paginated, WorkspaceAccess } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';

export const WORKSPACES_PAGE_LENGTH = 50;

/** `next` is Bitbucket's opaque link to the following page; `null` asks for the first one. */
export function listUserWorkspaces({
  next,
  signal,
}: {
  next: string | null;
  signal?: AbortSignal;
}): Promise<Paginated<WorkspaceAccess>> {
  if (next) return getNextPage<Paginated<WorkspaceAccess>>(next, { signal });
  return api.get<Paginated<WorkspaceAccess>>(bitbucketApi.userWorkspaces(), {
    signal,
    query: { pagelen: WORKSPACES_PAGE_LENGTH },
  });
}

export function listUserWorkspacesQueryOptions() {
  return infiniteQueryOptions({
    queryKey: ['user-workspaces'],
    queryFn: ({ pageParam, signal }) => listUserWorkspaces({ next: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next ?? null,
  });
}

export function useUserWorkspaces() {
  return useInfiniteQuery(listUserWorkspacesQueryOptions());
}
