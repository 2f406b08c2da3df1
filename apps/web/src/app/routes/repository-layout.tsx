// /{workspace}/{repo}/*: the repository frame (header, tabs, progress) around the overview, source and history pages.
import { useQueryClient } from '@tanstack/react-query';
import type { Repository } from '@pail/shared/bitbucket';
import { useCallback } from 'react';
import { Outlet, useParams } from 'react-router';
import { RepositoryFrame } from '@/features/repositories/components/repository-frame';
import type { RepositoryTab } from '@/features/repositories/components/repository-frame';
import { listCommitsQueryOptions } from '@/features/commits/api/list-commits';
import {
  DEFAULT_PULL_REQUEST_STATE,
  listPullRequestsQueryOptions,
} from '@/features/pull-requests/api/list-pull-requests';
import { listBranchesQueryOptions } from '@/features/refs/api/list-branches';
import { listTagsQueryOptions } from '@/features/refs/api/list-tags';
import { DEFAULT_REF_SORT } from '@/features/refs/api/ref-list-query';
import { getDirectoryQueryOptions } from '@/features/source/api/list-directory';
import { getResolveSourceQueryOptions } from '@/features/source/api/resolve-ref';

/** Each history tab's code, loaded on hover or focus together with its first page of data. */
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
      const mainBranch = repository.mainbranch?.name;
      // Each tab's first page, as the tab asks for it when opened without a query string.
      // (`prefetchQuery` never rejects: a failure is left for the page to report when opened.)
      const firstRefs = { workspace, repo, page: 1, sort: DEFAULT_REF_SORT, search: '' };
      switch (tab) {
        case 'overview':
        case 'source':
          if (!mainBranch) return;
          void queryClient
            .fetchQuery(getResolveSourceQueryOptions(workspace, repo, '', mainBranch))
            .then((source) =>
              queryClient.prefetchQuery(getDirectoryQueryOptions(workspace, repo, source.hash, '')),
            )
            .catch(() => {});
          return;
        case 'commits':
          if (mainBranch)
            void queryClient.prefetchInfiniteQuery(
              listCommitsQueryOptions({ workspace, repo, ref: mainBranch }),
            );
          break;
        case 'branches':
          void queryClient.prefetchQuery(listBranchesQueryOptions(firstRefs));
          break;
        case 'tags':
          void queryClient.prefetchQuery(listTagsQueryOptions(firstRefs));
          break;
        case 'pull-requests':
          void queryClient.prefetchQuery(
            listPullRequestsQueryOptions({
              workspace,
              repo,
              state: DEFAULT_PULL_REQUEST_STATE,
              page: 1,
            }),
          );
          break;
      }
      void HISTORY_MODULES[tab]().catch(() => {});
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
