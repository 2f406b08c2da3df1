// The frame of every repository page: name, visibility and workspace, the tabs, and a progress bar while
// a page or its data loads. The page itself renders once the repository is known.
import { useIsFetching } from '@tanstack/react-query';
import type { Repository } from '@pail/shared/bitbucket';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigation } from 'react-router';
import { ExternalLinkIcon } from '@/components/ui/icons';
import { ProgressBar } from '@/components/ui/progress-bar';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { useRepository } from '../api/get-repository';
import { PrivacyBadge } from './repository-row';
import './repository-frame.css';

export type RepositoryTab =
  'overview' | 'source' | 'commits' | 'branches' | 'tags' | 'pull-requests';

const TABS: ReadonlyArray<{ tab: RepositoryTab; label: string }> = [
  { tab: 'overview', label: 'Overview' },
  { tab: 'source', label: 'Source' },
  { tab: 'commits', label: 'Commits' },
  { tab: 'branches', label: 'Branches' },
  { tab: 'tags', label: 'Tags' },
  { tab: 'pull-requests', label: 'Pull requests' },
];

function tabPath(workspace: string, repo: string, tab: RepositoryTab): string {
  switch (tab) {
    case 'overview':
      return paths.repository(workspace, repo);
    case 'source':
      return paths.source(workspace, repo);
    case 'commits':
      return paths.commits(workspace, repo);
    case 'branches':
      return paths.branches(workspace, repo);
    case 'tags':
      return paths.tags(workspace, repo);
    case 'pull-requests':
      return paths.pullRequests(workspace, repo);
  }
}

/** The tab a repository URL belongs to: `/acme/widgets/commits/abc` → commits. */
export function activeTab(pathname: string, workspace: string, repo: string): RepositoryTab {
  const base = paths.repository(workspace, repo);
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
  const [first = ''] = rest.split('/').filter(Boolean);
  switch (first) {
    case 'src':
      return 'source';
    case 'commits':
      return 'commits';
    case 'branches':
      return 'branches';
    case 'tags':
      return 'tags';
    case 'pull-requests':
      return 'pull-requests';
    default:
      return 'overview';
  }
}

export interface RepositoryFrameProps {
  workspace: string;
  repo: string;
  /** Warms the cache for a tab when the pointer or focus reaches it. */
  onPrefetchTab?: (tab: RepositoryTab, repository: Repository) => void;
  children: ReactNode;
}

export function RepositoryFrame({
  workspace,
  repo,
  onPrefetchTab,
  children,
}: RepositoryFrameProps) {
  const query = useRepository(workspace, repo);
  const navigation = useNavigation();
  const fetching = useIsFetching();
  const location = useLocation();
  const current = activeTab(location.pathname, workspace, repo);
  const repository = query.data;
  const name = repository?.name ?? repo;
  const bitbucketUrl = repository?.links?.html?.href;

  return (
    <div className="page repository-frame">
      <div className="repository-frame__progress">
        <ProgressBar active={navigation.state !== 'idle' || fetching > 0} label="Loading page" />
      </div>
      <header className="repository-frame__header">
        <Link className="repository-frame__workspace" to={paths.workspace(workspace)}>
          {repository?.workspace?.name ?? workspace}
        </Link>
        <div className="repository-frame__title-row">
          <h1 className="page-header__title repository-frame__title">{name}</h1>
          {repository ? <PrivacyBadge isPrivate={repository.is_private} /> : null}
          {bitbucketUrl ? (
            <a
              href={bitbucketUrl}
              className="repository-frame__external"
              rel="noopener noreferrer"
              target="_blank"
            >
              Open on Bitbucket <ExternalLinkIcon />
            </a>
          ) : null}
        </div>
      </header>

      <nav className="repository-tabs" aria-label="Repository">
        <ul>
          {TABS.map(({ tab, label }) => (
            <li key={tab}>
              <Link
                className="repository-tabs__link"
                to={tabPath(workspace, repo, tab)}
                aria-current={current === tab ? 'page' : undefined}
                onMouseEnter={repository ? () => onPrefetchTab?.(tab, repository) : undefined}
                onFocus={repository ? () => onPrefetchTab?.(tab, repository) : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <div className="repository-frame__body">
        {query.isPending ? (
          <RepositoryBodySkeleton />
        ) : query.isLoadingError ? (
          <RepositoryError
            error={query.error}
            workspace={workspace}
            repo={repo}
            onRetry={() => void query.refetch()}
            isRetrying={query.isRefetching}
          />
        ) : (
          children
        )}
      </div>
    </div>
  );
}

function RepositoryError({
  error,
  workspace,
  repo,
  onRetry,
  isRetrying,
}: {
  error: unknown;
  workspace: string;
  repo: string;
  onRetry: () => void;
  isRetrying: boolean;
}) {
  const notFound = isApiError(error) && error.status === 404;
  usePageTitle(notFound ? 'Repository not found' : `${workspace}/${repo}`);
  return (
    <QueryErrorPanel
      error={error}
      subject="this repository"
      onRetry={onRetry}
      isRetrying={isRetrying}
      notFound={{
        title: 'Repository not found',
        description: `There is no repository “${workspace}/${repo}”, or you do not have access to it.`,
      }}
    />
  );
}

function RepositoryBodySkeleton() {
  return (
    <div aria-busy="true">
      <LoadingAnnouncement>Loading repository…</LoadingAnnouncement>
      <Skeleton width="60%" height="1rem" />
      <div className="card repository-frame__skeleton">
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton
            key={index}
            width={`${50 + index * 8}%`}
            height="1rem"
            className="skeleton--line"
          />
        ))}
      </div>
    </div>
  );
}
