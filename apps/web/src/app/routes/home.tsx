// / : the signed-in home, the user's workspaces; a card prefetches the workspace page it leads to.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import {
  DEFAULT_REPOSITORY_SORT,
  listRepositoriesQueryOptions,
} from '@/features/repositories/api/list-repositories';
import { getWorkspaceQueryOptions } from '@/features/workspaces/api/get-workspace';
import { WorkspacesPage } from '@/features/workspaces/components/workspaces-page';

export function HomeRoute() {
  const queryClient = useQueryClient();
  // A workspace's page, before its card is followed: the page's code, the workspace and the first page
  // of its repositories in the default order (what the page asks for when opened from here).
  const prefetchWorkspace = useCallback(
    (workspace: string) => {
      void import('./workspace').catch(() => {});
      void queryClient.prefetchQuery(getWorkspaceQueryOptions(workspace));
      void queryClient.prefetchQuery(
        listRepositoriesQueryOptions({
          workspace,
          page: 1,
          sort: DEFAULT_REPOSITORY_SORT,
          search: '',
        }),
      );
    },
    [queryClient],
  );
  return <WorkspacesPage onPrefetchWorkspace={prefetchWorkspace} />;
}
