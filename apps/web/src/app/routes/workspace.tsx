// /{workspace}: the workspace (workspaces feature) and its repositories (repositories feature).
import { useQueryClient } from '@tanstack/react-query';
import type { Repository } from '@pail/shared/bitbucket';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { getRepositoryQueryOptions } from '@/features/repositories/api/get-repository';
import { RepositoryList } from '@/features/repositories/components/repository-list';
import { repositorySlug } from '@/features/repositories/components/repository-row';
import { prefetchReadme } from '@/features/source/api/prefetch-readme';
import { useWorkspace } from '@/features/workspaces/api/get-workspace';
import { WorkspaceHeader } from '@/features/workspaces/components/workspace-header';

export function WorkspaceRoute() {
  const { workspace: slug = '' } = useParams();
  const workspace = useWorkspace(slug);
  const queryClient = useQueryClient();
  // A repository's overview, before its link is followed: the frame's and the page's code, the
  // repository, then its main branch's root and README (what the overview asks for, in order).
  const prefetchRepository = useCallback(
    (repository: Repository) => {
      const repo = repositorySlug(repository);
      void import('./repository-layout').catch(() => {});
      void import('./repository').catch(() => {});
      void queryClient
        .fetchQuery(getRepositoryQueryOptions(slug, repo))
        .then((found) => prefetchReadme(queryClient, slug, repo, found.mainbranch?.name))
        .catch(() => {});
    },
    [queryClient, slug],
  );
  const notFound = isApiError(workspace.error) && workspace.error.status === 404;
  usePageTitle(notFound ? 'Workspace not found' : (workspace.data?.name ?? slug));

  if (notFound) {
    return (
      <div className="page page--narrow">
        <QueryErrorPanel
          error={workspace.error}
          subject="this workspace"
          notFound={{
            title: 'Workspace not found',
            description: `There is no workspace “${slug}”, or you do not have access to it.`,
          }}
        />
      </div>
    );
  }

  return (
    <div className="page">
      <WorkspaceHeader slug={slug} workspace={workspace.data} isLoading={workspace.isPending} />
      <RepositoryList key={slug} workspace={slug} onPrefetchRepository={prefetchRepository} />
    </div>
  );
}
