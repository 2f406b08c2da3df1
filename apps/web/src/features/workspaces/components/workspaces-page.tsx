// The signed-in home: every workspace the user belongs to, as cards that lead to its repositories.
import type { WorkspaceAccess } from '@pail/shared/bitbucket';
import { EmptyState } from '@/components/ui/empty-state';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { usePageTitle } from '@/hooks/use-page-title';
import { useUserWorkspaces } from '../api/list-user-workspaces';
import { WorkspaceCard } from './workspace-card';
import './workspaces-page.css';

export function WorkspacesPage({
  onPrefetchWorkspace,
}: {
  /** Fetches a workspace's page (data and code) while a card leading to it is hovered or focused. */
  onPrefetchWorkspace?: (slug: string) => void;
} = {}) {
  usePageTitle('Workspaces');
  const query = useUserWorkspaces();
  const accesses = query.data?.pages.flatMap((page) => page.values) ?? [];
  const total = query.data?.pages[0]?.size;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-header__title">Workspaces</h1>
          <p className="page-header__subtitle">
            {total !== undefined
              ? `You belong to ${total} ${total === 1 ? 'workspace' : 'workspaces'} on Bitbucket.`
              : 'The Bitbucket workspaces you belong to.'}
          </p>
        </div>
      </header>

      {query.isPending ? (
        <WorkspaceGridSkeleton />
      ) : query.isError && accesses.length === 0 ? (
        <QueryErrorPanel
          error={query.error}
          subject="your workspaces"
          onRetry={() => void query.refetch()}
          isRetrying={query.isRefetching}
        />
      ) : accesses.length === 0 ? (
        <EmptyState
          title="No workspaces yet"
          description="You are not a member of any Bitbucket workspace. Once someone invites you, it will show up here."
        />
      ) : (
        <>
          <ul className="workspace-grid" aria-label="Workspaces">
            {accesses.map((access, index) => (
              <li key={keyOf(access, index)}>
                <WorkspaceCard access={access} onPrefetch={onPrefetchWorkspace} />
              </li>
            ))}
          </ul>
          {query.isFetchNextPageError ? (
            <div className="workspace-grid__more">
              <QueryErrorPanel
                error={query.error}
                subject="more workspaces"
                onRetry={() => void query.fetchNextPage()}
              />
            </div>
          ) : null}
          {query.hasNextPage && !query.isFetchNextPageError ? (
            <div className="workspace-grid__more">
              <button
                type="button"
                className="button"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

function keyOf(access: WorkspaceAccess, index: number): string {
  return access.workspace?.uuid ?? access.workspace?.slug ?? String(index);
}

function WorkspaceGridSkeleton() {
  return (
    <div className="workspace-grid" aria-busy="true">
      <LoadingAnnouncement>Loading workspaces…</LoadingAnnouncement>
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="card workspace-card workspace-card--skeleton">
          <Skeleton width="40px" height="40px" />
          <div className="workspace-card__text">
            <Skeleton width="60%" height="1rem" />
            <Skeleton width="35%" height="0.8rem" />
          </div>
        </div>
      ))}
    </div>
  );
}
