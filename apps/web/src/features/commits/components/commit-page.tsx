// /{ws}/{repo}/commits/{hash}: one commit — message, author, date, parents — and its changes.
import type { Commit } from '@pail/shared/bitbucket';
import { Link } from 'react-router';
import { useCallback } from 'react';
import { ChangesView } from '@/components/diff/changes-view';
import type { DiffstatEntry } from '@/components/diff/diffstat-summary';
import { isLargeChange } from '@/components/diff/large-change';
import { Badge } from '@/components/ui/badge';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { useCommit } from '../api/get-commit';
import { getCommitFileDiffQueryOptions, useCommitDiff } from '../api/get-commit-diff';
import { useCommitDiffstat } from '../api/get-commit-diffstat';
import { CommitAuthor, commitBody, commitSummary, shortHash } from './commit-author';
import { CopyHashButton } from './copy-hash-button';
import './commits.css';

export function CommitPage({
  workspace,
  repo,
  hash,
}: {
  workspace: string;
  repo: string;
  hash: string;
}) {
  const commit = useCommit(workspace, repo, hash);
  const diffstat = useCommitDiffstat(workspace, repo, hash);
  // The whole diff only once the whole diffstat shows it is small; a large change loads file by file.
  const diff = useCommitDiff(
    workspace,
    repo,
    hash,
    diffstat.data?.complete === true && !isLargeChange(diffstat.data.files),
  );
  const fileDiffQuery = useCallback(
    (entry: DiffstatEntry) => getCommitFileDiffQueryOptions(workspace, repo, hash, entry.path),
    [workspace, repo, hash],
  );
  const notFound = isApiError(commit.error) && commit.error.status === 404;
  usePageTitle(
    notFound
      ? 'Commit not found'
      : `${commit.data ? commitSummary(commit.data.message) : `Commit ${shortHash(hash)}`} · ${workspace}/${repo}`,
  );

  if (commit.isPending) return <CommitSkeleton />;
  if (commit.isLoadingError) {
    return (
      <QueryErrorPanel
        error={commit.error}
        subject="this commit"
        onRetry={() => void commit.refetch()}
        isRetrying={commit.isRefetching}
        notFound={{
          title: 'Commit not found',
          description: `There is no commit “${hash}” in ${workspace}/${repo}, or you do not have access to it.`,
        }}
      />
    );
  }
  return (
    <article className="commit-page" aria-labelledby="commit-title">
      <CommitHeader workspace={workspace} repo={repo} commit={commit.data} />
      <ChangesView
        diffstat={diffstat}
        diff={diff}
        subject="this commit"
        fileDiffQuery={fileDiffQuery}
      />
    </article>
  );
}

function CommitHeader({
  workspace,
  repo,
  commit,
}: {
  workspace: string;
  repo: string;
  commit: Commit;
}) {
  const hash = commit.hash ?? '';
  const parents = commit.parents ?? [];
  const body = commitBody(commit.message);
  return (
    <header className="commit-header card">
      <div className="commit-header__title-row">
        <h2 id="commit-title" className="commit-header__title">
          {commitSummary(commit.message)}
        </h2>
        {parents.length > 1 ? <Badge>Merge</Badge> : null}
      </div>
      {body ? <pre className="commit-header__message">{body}</pre> : null}
      <dl className="details commit-header__details">
        <div>
          <dt>Author</dt>
          <dd>
            <CommitAuthor author={commit.author} size="md" />
          </dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{commit.date ? <RelativeTime value={commit.date} /> : 'Unknown'}</dd>
        </div>
        <div>
          <dt>Commit</dt>
          <dd className="commit-header__hash">
            <code>{hash}</code>
            <CopyHashButton hash={hash} />
          </dd>
        </div>
        <div>
          <dt>{parents.length === 1 ? 'Parent' : 'Parents'}</dt>
          <dd className="commit-header__parents">
            {parents.length === 0
              ? 'None (the first commit)'
              : parents.map((parent) => (
                  <Link
                    key={parent.hash}
                    className="commit-hash"
                    to={paths.commit(workspace, repo, parent.hash ?? '')}
                  >
                    {shortHash(parent.hash)}
                  </Link>
                ))}
          </dd>
        </div>
      </dl>
      <div className="commit-header__actions">
        <Link className="button" to={paths.source(workspace, repo, hash)}>
          Browse source at this commit
        </Link>
      </div>
    </header>
  );
}

function CommitSkeleton() {
  return (
    <div className="commit-header card" aria-busy="true">
      <LoadingAnnouncement>Loading the commit…</LoadingAnnouncement>
      <Skeleton width="60%" height="1.4rem" />
      <Skeleton width="40%" height="0.9rem" />
      <Skeleton width="50%" height="0.9rem" />
    </div>
  );
}
