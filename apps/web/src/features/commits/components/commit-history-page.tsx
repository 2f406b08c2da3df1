// /{ws}/{repo}/commits[/branch/{ref}][?path=]: a ref's commits, newest first, with "Load more".
import { useQueryClient } from '@tanstack/react-query';
import type { Commit } from '@pail/shared/bitbucket';
import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { BranchIcon } from '@/components/ui/icons';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { usePrefetchIntent } from '@/hooks/use-prefetch-intent';
import { isApiError } from '@/lib/api-client';
import { useCommits } from '../api/list-commits';
import { prefetchCommit } from '../api/prefetch-commit';
import { authorName, CommitAuthor, commitSummary, shortHash } from './commit-author';
import { CopyHashButton } from './copy-hash-button';
import './commits.css';

interface CommitHistoryPageProps {
  workspace: string;
  repo: string;
  /** The branch, tag or commit whose history this is. */
  refName: string;
  /** Only commits touching this path. */
  path?: string | undefined;
  /** Loads a commit page's code, along with a commit's data on hover or focus. */
  onPrefetchCommitPage?: () => void;
}

export function CommitHistoryPage({
  workspace,
  repo,
  refName,
  path,
  onPrefetchCommitPage,
}: CommitHistoryPageProps) {
  const query = useCommits({ workspace, repo, ref: refName, path });
  const notFound = isApiError(query.error) && query.error.status === 404;
  usePageTitle(
    notFound
      ? 'History not found'
      : `${path ? `History of ${path}` : 'Commits'} on ${refName} · ${workspace}/${repo}`,
  );
  const commits = query.data?.pages.flatMap((page) => page.values) ?? [];

  return (
    <section className="commit-history" aria-labelledby="commit-history-title">
      <div className="commit-history__header">
        <h2 id="commit-history-title" className="commit-history__title">
          {path ? 'File history' : 'Commits'}
        </h2>
        <p className="commit-history__scope">
          <span className="commit-history__ref">
            <BranchIcon /> <span className="visually-hidden">On </span>
            {refName}
          </span>
          {path ? (
            <>
              <span>
                touching <code className="commit-history__path">{path}</code>
              </span>
              <Link to={paths.commits(workspace, repo, { ref: refName })}>Show all commits</Link>
            </>
          ) : null}
        </p>
      </div>

      {query.isPending ? (
        <CommitListSkeleton />
      ) : query.isLoadingError && !query.isFetchNextPageError ? (
        <QueryErrorPanel
          error={query.error}
          subject="the history"
          onRetry={() => void query.refetch()}
          isRetrying={query.isRefetching}
          notFound={{
            title: 'History not found',
            description: `There is no branch, tag or commit “${refName}” in ${workspace}/${repo}, or you do not have access to it.`,
          }}
        />
      ) : commits.length === 0 ? (
        <EmptyState
          title={path ? `No commits touch ${path}` : 'No commits yet'}
          description={
            path
              ? `Nothing on ${refName} changed this path.`
              : `${refName} has no commits that you can see.`
          }
        />
      ) : (
        <>
          <ol className="commit-list card" aria-label="Commits">
            {commits.map((commit, index) => (
              <CommitRow
                key={commit.hash ?? index}
                workspace={workspace}
                repo={repo}
                commit={commit}
                onPrefetchPage={onPrefetchCommitPage}
              />
            ))}
          </ol>
          {query.isFetchNextPageError ? (
            <QueryErrorPanel
              error={query.error}
              subject="more commits"
              onRetry={() => void query.fetchNextPage()}
              isRetrying={query.isFetchingNextPage}
            />
          ) : query.hasNextPage ? (
            <div className="commit-history__more">
              <button
                type="button"
                className="button"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? 'Loading more…' : 'Load more'}
              </button>
            </div>
          ) : null}
          <p className="visually-hidden" role="status">
            {query.isFetchingNextPage ? 'Loading more commits…' : `${commits.length} commits shown`}
          </p>
        </>
      )}
    </section>
  );
}

function CommitRow({
  workspace,
  repo,
  commit,
  onPrefetchPage,
}: {
  workspace: string;
  repo: string;
  commit: Commit;
  onPrefetchPage?: () => void;
}) {
  const hash = commit.hash ?? '';
  const isMerge = (commit.parents?.length ?? 0) > 1;
  const summary = commitSummary(commit.message);
  const queryClient = useQueryClient();
  const prefetch = usePrefetchIntent(() => {
    prefetchCommit(queryClient, workspace, repo, hash);
    onPrefetchPage?.();
  });
  return (
    <li className="commit-row">
      <div className="commit-row__main">
        <p className="commit-row__summary">
          <Link to={paths.commit(workspace, repo, hash)} {...prefetch}>
            {summary}
          </Link>
          {isMerge ? <Badge>Merge</Badge> : null}
        </p>
        <p className="commit-row__meta">
          <CommitAuthor author={commit.author} />
          {commit.date ? <RelativeTime value={commit.date} prefix="committed" /> : null}
        </p>
      </div>
      <div className="commit-row__hash">
        <Link
          to={paths.commit(workspace, repo, hash)}
          {...prefetch}
          className="commit-hash"
          aria-label={`Commit ${shortHash(hash)} by ${authorName(commit.author)}`}
        >
          {shortHash(hash)}
        </Link>
        <CopyHashButton hash={hash} />
      </div>
    </li>
  );
}

function CommitListSkeleton() {
  return (
    <div className="commit-list card" aria-busy="true">
      <LoadingAnnouncement>Loading commits…</LoadingAnnouncement>
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className="commit-row">
          <div className="commit-row__main">
            <Skeleton width="55%" height="1rem" />
            <Skeleton width="30%" height="0.8rem" />
          </div>
          <Skeleton width="64px" height="1.2rem" />
        </div>
      ))}
    </div>
  );
}
