// /{workspace}/{repo}/*: the repository frame (header, tabs, progress) around the overview, source and history pages.
import { useQueryClient } from '@tanstack/react-query';
import type { Repository } from '@pail/shared/bitbucket';
import { useCallback } from 'react';
import { Outlet, useParams } from 'react-router';
import { RepositoryFrame } from '@/features/repositories/components/repository-frame';
import type { RepositoryTab } from '@/features/repositories/components/repository-frame';
import { getDirectoryQueryOptions } from '@/features/source/api/list-directory';
import { getResolveSourceQueryOptions } from '@/features/source/api/resolve-ref';

const HISTORY_MODULES: Record<
  Exclude<RepositoryTab, 'overview' | 'source'>,
  () => Promise<unknown>
> = {
  commits: () => import('./commits'),
  branches: () => import('./branches'),
  tags: () => import('./tags'),
  'pull-requests': () => import('./pull-requests'),
};

export function RepositoryLayoutRoute() {
  const { workspace = '', repo = '' } = useParams();
  const queryClient = useQueryClient();

  const prefetchTab = useCallback(
    (tab: RepositoryTab, repository: Repository) => {
      if (tab !== 'overview' && tab !== 'source') {
        // The history pages fetch their own data; warming their code already saves a round trip.
        void HISTORY_MODULES[tab]().catch(() => {});
        return;
      }
      const mainBranch = repository.mainbranch?.name;
      if (!mainBranch) return;
      void queryClient
        .fetchQuery(getResolveSourceQueryOptions(workspace, repo, '', mainBranch))
        .then((source) =>
          queryClient.prefetchQuery(getDirectoryQueryOptions(workspace, repo, source.hash, '')),
        )
        .catch(() => {
          // The page reports it when it is opened.
        });
    },
    [queryClient, workspace, repo],
  );

  return (
    <RepositoryFrame
      key={`${workspace}/${repo}`}
      workspace={workspace}
      repo={repo}
      onPrefetchTab={prefetchTab}
    >
      <Outlet />
    </RepositoryFrame>
  );
}
