// /{ws}/{repo}/commits[/…]: a history (main branch, `branch/{ref}`, `tag/{ref}`, `{ref}`) or one commit (`{hash}`).
import { lazy, Suspense } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { CommitHistoryPage } from '@/features/commits/components/commit-history-page';
import { useRepository } from '@/features/repositories/api/get-repository';
import { usePageTitle } from '@/hooks/use-page-title';

export type CommitsTarget =
  { kind: 'history'; ref: string | undefined } | { kind: 'commit'; hash: string };

const COMMIT_HASH = /^[0-9a-f]{7,40}$/i;

// A commit's page brings the diff parser and renderer, which a history does not need.
const loadCommitPage = () => import('@/features/commits/components/commit-page');
const CommitPage = lazy(async () => ({ default: (await loadCommitPage()).CommitPage }));
/** Loads a commit page's code along with its data, when a link to a commit is hovered or focused. */
const prefetchCommitPage = () => void loadCommitPage().catch(() => {});

/**
 * What the part after `commits/` names, as on bitbucket.org: nothing (the main branch), `branch/{ref}` or
 * `tag/{ref}` (the ref may contain `/`), a commit hash, or else a ref.
 */
export function readCommitsTarget(rest: string): CommitsTarget {
  const trimmed = rest.replace(/\/+$/, '');
  if (trimmed === '') return { kind: 'history', ref: undefined };
  const prefixed = /^(?:branch|tag)\/(.+)$/.exec(trimmed);
  if (prefixed) return { kind: 'history', ref: prefixed[1] };
  if (COMMIT_HASH.test(trimmed)) return { kind: 'commit', hash: trimmed.toLowerCase() };
  return { kind: 'history', ref: trimmed };
}

export function CommitsRoute() {
  const { workspace = '', repo = '', '*': rest = '' } = useParams();
  const [searchParams] = useSearchParams();
  const target = readCommitsTarget(rest);
  const path = searchParams.get('path')?.replace(/^\/+/, '') || undefined;

  if (target.kind === 'commit') {
    return (
      <Suspense fallback={<CommitPageFallback />}>
        <CommitPage
          key={`${workspace}/${repo}@${target.hash}`}
          workspace={workspace}
          repo={repo}
          hash={target.hash}
        />
      </Suspense>
    );
  }
  if (target.ref !== undefined) {
    return (
      <CommitHistoryPage
        key={`${workspace}/${repo}@${target.ref}`}
        workspace={workspace}
        repo={repo}
        refName={target.ref}
        path={path}
        onPrefetchCommitPage={prefetchCommitPage}
      />
    );
  }
  return <MainBranchHistory workspace={workspace} repo={repo} path={path} />;
}

/** The history of the repository's main branch, once the repository says which branch that is. */
function MainBranchHistory({
  workspace,
  repo,
  path,
}: {
  workspace: string;
  repo: string;
  path: string | undefined;
}) {
  const repository = useRepository(workspace, repo);
  const title = <CommitsTitle title={`Commits · ${workspace}/${repo}`} />;
  if (repository.isPending) {
    return (
      <>
        {title}
        <LoadingAnnouncement>Loading commits…</LoadingAnnouncement>
      </>
    );
  }
  if (repository.isLoadingError) {
    return (
      <>
        {title}
        <QueryErrorPanel
          error={repository.error}
          subject="this repository"
          onRetry={() => void repository.refetch()}
          isRetrying={repository.isRefetching}
        />
      </>
    );
  }
  const mainBranch = repository.data.mainbranch?.name;
  if (!mainBranch) {
    return (
      <>
        {title}
        <EmptyState
          title="No commits yet"
          description="This repository is empty: nothing has been pushed to it."
        />
      </>
    );
  }
  return (
    <CommitHistoryPage
      key={`${workspace}/${repo}@${mainBranch}`}
      workspace={workspace}
      repo={repo}
      refName={mainBranch}
      path={path}
      onPrefetchCommitPage={prefetchCommitPage}
    />
  );
}

/** While a commit page's code loads (it is usually fetched on hover, before the click). */
function CommitPageFallback() {
  return (
    <div className="card" aria-busy="true" style={{ padding: 16 }}>
      <LoadingAnnouncement>Loading the commit…</LoadingAnnouncement>
      <Skeleton width="60%" height="1.4rem" />
      <Skeleton width="40%" height="0.9rem" />
    </div>
  );
}

/** Names the tab until the history, which names it itself, is shown. */
function CommitsTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}
