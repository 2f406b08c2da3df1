// /{workspace}: the workspace (workspaces feature) and its repositories (repositories feature).
import { useParams } from 'react-router';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { RepositoryList } from '@/features/repositories/components/repository-list';
import { useWorkspace } from '@/features/workspaces/api/get-workspace';
import { WorkspaceHeader } from '@/features/workspaces/components/workspace-header';

export function WorkspaceRoute() {
  const { workspace: slug = '' } = useParams();
  const workspace = useWorkspace(slug);
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
      <RepositoryList key={slug} workspace={slug} />
    </div>
  );
}
