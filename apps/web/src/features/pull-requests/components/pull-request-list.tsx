// A repository's pull requests in one state (Open by default, `?state=`), newest activity first, paged.
import { useQueryClient } from '@tanstack/react-query';
import type { PullRequest } from '@pail/shared/bitbucket';
import { Link, useSearchParams } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination } from '@/components/ui/pagination';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths, toQueryString } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { usePrefetchIntent } from '@/hooks/use-prefetch-intent';
import {
  DEFAULT_PULL_REQUEST_STATE,
  PULL_REQUEST_STATES,
  PULL_REQUESTS_PAGE_LENGTH,
  readPullRequestState,
  usePullRequests,
} from '../api/list-pull-requests';
import type { PullRequestState } from '../api/list-pull-requests';
import { prefetchPullRequest } from '../api/prefetch-pull-request';
import { BranchFlow } from './pull-request-labels';
import './pull-requests.css';

const STATE_NAMES: Record<PullRequestState, string> = {
  OPEN: 'Open',
  MERGED: 'Merged',
  DECLINED: 'Declined',
  SUPERSEDED: 'Superseded',
};

export function PullRequestList({
  workspace,
  repo,
  onPrefetchPage,
}: {
  workspace: string;
  repo: string;
  /** Loads the pull request page's code, along with a pull request's data on hover or focus. */
  onPrefetchPage?: () => void;
}) {
  const [searchParams] = useSearchParams();
  const state = readPullRequestState(searchParams.get('state'));
  const pageParam = searchParams.get('page') ?? '';
  const parsedPage = /^\d+$/.test(pageParam) ? Number(pageParam) : 1;
  const page = Number.isSafeInteger(parsedPage) && parsedPage > 1 ? parsedPage : 1;
  const query = usePullRequests({ workspace, repo, state, page });
  usePageTitle(`${STATE_NAMES[state]} pull requests · ${workspace}/${repo}`);

  const hrefFor = (next: { state: PullRequestState; page?: number }) =>
    `${paths.pullRequests(workspace, repo)}${toQueryString({
      state: next.state === DEFAULT_PULL_REQUEST_STATE ? undefined : next.state,
      page: next.page && next.page > 1 ? next.page : undefined,
    })}`;
  const data = query.data;
  const pageCount =
    data?.size !== undefined
      ? Math.max(1, Math.ceil(data.size / (data.pagelen ?? PULL_REQUESTS_PAGE_LENGTH)))
      : undefined;
  const stateName = STATE_NAMES[state].toLowerCase();

  return (
    <section className="pull-request-list" aria-labelledby="pull-request-list-title">
      <div className="pull-request-list__toolbar">
        <h2 id="pull-request-list-title" className="pull-request-list__title">
          Pull requests
        </h2>
        <nav aria-label="Pull request state" className="state-filter">
          {PULL_REQUEST_STATES.map((option) => (
            <Link
              key={option}
              className="state-filter__option"
              to={hrefFor({ state: option })}
              aria-current={option === state ? 'page' : undefined}
            >
              {STATE_NAMES[option]}
            </Link>
          ))}
        </nav>
      </div>

      {query.isPending ? (
        <div className="pull-request-list__items card" aria-busy="true">
          <LoadingAnnouncement>Loading pull requests…</LoadingAnnouncement>
          {Array.from({ length: 5 }, (_, index) => (
            <div key={index} className="pull-request-row">
              <Skeleton width="32px" height="32px" />
              <div className="pull-request-row__main">
                <Skeleton width="50%" height="1rem" />
                <Skeleton width="35%" height="0.8rem" />
              </div>
            </div>
          ))}
        </div>
      ) : query.isLoadingError ? (
        <QueryErrorPanel
          error={query.error}
          subject="pull requests"
          onRetry={() => void query.refetch()}
          isRetrying={query.isRefetching}
          notFound={{
            title: 'Repository not found',
            description: `There is no repository “${workspace}/${repo}”, or you do not have access to it.`,
          }}
        />
      ) : query.data.values.length === 0 ? (
        page > 1 ? (
          <EmptyState
            title={`There is no page ${page}`}
            description={`There are fewer ${stateName} pull requests than that.`}
            action={
              <Link className="button" to={hrefFor({ state })}>
                Go to the first page
              </Link>
            }
          />
        ) : (
          <EmptyState
            title={`No ${stateName} pull requests`}
            description={
              state === 'OPEN'
                ? 'Nothing is waiting for review in this repository.'
                : `This repository has no ${stateName} pull requests.`
            }
          />
        )
      ) : (
        <>
          <p className="pull-request-list__summary">
            {query.data.size !== undefined
              ? `${query.data.size} ${stateName} pull ${query.data.size === 1 ? 'request' : 'requests'}`
              : '\u00a0'}
          </p>
          <ul
            className="pull-request-list__items card"
            aria-label={`${STATE_NAMES[state]} pull requests`}
          >
            {query.data.values.map((pullRequest, index) => (
              <PullRequestRow
                onPrefetchPage={onPrefetchPage}
                key={pullRequest.id ?? index}
                workspace={workspace}
                repo={repo}
                pullRequest={pullRequest}
              />
            ))}
          </ul>
          {pageCount !== 1 || query.data.next || page > 1 ? (
            <Pagination
              label="Pull request pages"
              page={page}
              pageCount={pageCount}
              hasPrevious={page > 1}
              hasNext={Boolean(query.data.next)}
              linkTo={(target) => hrefFor({ state, page: target })}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function PullRequestRow({
  workspace,
  repo,
  pullRequest,
  onPrefetchPage,
}: {
  workspace: string;
  repo: string;
  pullRequest: PullRequest;
  onPrefetchPage?: () => void;
}) {
  const author = pullRequest.author?.display_name ?? 'Unknown author';
  const comments = pullRequest.comment_count ?? 0;
  const queryClient = useQueryClient();
  const prefetch = usePrefetchIntent(() => {
    prefetchPullRequest(queryClient, workspace, repo, pullRequest);
    onPrefetchPage?.();
  });
  return (
    <li className="pull-request-row">
      <Avatar src={pullRequest.author?.links?.avatar?.href} name={author} size="md" />
      <div className="pull-request-row__main">
        <p className="pull-request-row__title">
          <Link to={paths.pullRequest(workspace, repo, pullRequest.id ?? 0)} {...prefetch}>
            {pullRequest.title || '(untitled)'}
          </Link>
          {pullRequest.draft ? <Badge>Draft</Badge> : null}
        </p>
        <p className="pull-request-row__meta">
          <span>
            #{pullRequest.id} by {author}
          </span>
          <BranchFlow pullRequest={pullRequest} />
          {pullRequest.updated_on ? (
            <RelativeTime value={pullRequest.updated_on} prefix="updated" />
          ) : null}
        </p>
      </div>
      <span className="pull-request-row__comments">
        {comments} {comments === 1 ? 'comment' : 'comments'}
      </span>
    </li>
  );
}
