// A workspace's repositories: server-side search, sort and paging, all kept in the URL.
import type { Repository } from '@pail/shared/bitbucket';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { RepoIcon, SearchIcon } from '@/components/ui/icons';
import { Pagination } from '@/components/ui/pagination';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { SearchBox } from '@/components/ui/search-box';
import { SortSelect } from '@/components/ui/sort-select';
import { paths } from '@/config/paths';
import type { RepositoryListSearch } from '@/config/paths';
import {
  DEFAULT_REPOSITORY_SORT,
  REPOSITORIES_PAGE_LENGTH,
  REPOSITORY_SORTS,
  isRepositorySort,
  useRepositories,
} from '../api/list-repositories';
import type { RepositorySort } from '../api/list-repositories';
import { RepositoryRow } from './repository-row';
import './repository-list.css';

interface ListState {
  search: string;
  sort: RepositorySort;
  page: number;
}

/** The URL is the state: `?search=`, `?sort=` (omitted for the default) and `?page=` (omitted for 1). */
function readListState(searchParams: URLSearchParams): ListState {
  const sort = searchParams.get('sort');
  // Digits only: `Number()` would also read "1e1" as 10 and " 2 " as 2.
  const pageParam = searchParams.get('page') ?? '';
  const page = /^\d+$/.test(pageParam) ? Number(pageParam) : 1;
  return {
    search: searchParams.get('search') ?? '',
    sort: isRepositorySort(sort) ? sort : DEFAULT_REPOSITORY_SORT,
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

function toUrlSearch({ search, sort, page }: ListState): RepositoryListSearch {
  return {
    search: search || undefined,
    sort: sort === DEFAULT_REPOSITORY_SORT ? undefined : sort,
    page,
  };
}

export function RepositoryList({
  workspace,
  onPrefetchRepository,
}: {
  workspace: string;
  /** Fetches a repository's overview (data and code) while a link to it is hovered or focused. */
  onPrefetchRepository?: (repository: Repository) => void;
}) {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const state = readListState(searchParams);
  const query = useRepositories({ workspace, ...state });

  const hrefFor = (changes: Partial<ListState>) =>
    paths.workspace(workspace, toUrlSearch({ ...state, ...changes }));
  const term = state.search.trim();
  // Starting a search pushes one history entry, so Back returns to the page you were on; refining or
  // clearing it replaces that entry (no entry per keystroke). Sort and page changes push one.
  const onSearch = (search: string) =>
    void navigate(hrefFor({ search, page: 1 }), { replace: term !== '' });

  // The search the results on screen answer: while the next one loads, the previous results stay (dimmed)
  // and the summary keeps describing them, not the new term.
  const [shownTerm, setShownTerm] = useState(term);
  if (query.isSuccess && !query.isPlaceholderData && shownTerm !== term) setShownTerm(term);

  // An empty placeholder would claim "no repositories" for a search that is still loading.
  const isLoading = query.isPending || (query.isPlaceholderData && query.data.values.length === 0);
  const data = isLoading ? undefined : query.data;
  const pageCount =
    data?.size !== undefined
      ? Math.max(1, Math.ceil(data.size / (data.pagelen ?? REPOSITORIES_PAGE_LENGTH)))
      : undefined;

  return (
    <section className="repository-list" aria-labelledby="repository-list-title">
      <div className="repository-list__toolbar">
        <h2 id="repository-list-title" className="repository-list__title">
          Repositories
        </h2>
        <SearchBox
          value={state.search}
          label="Search repositories"
          placeholder="Find a repository…"
          onSearch={onSearch}
        />
        <SortSelect
          value={state.sort}
          sorts={REPOSITORY_SORTS}
          onSort={(sort) => void navigate(hrefFor({ sort, page: 1 }))}
        />
      </div>

      <p className="repository-list__summary" aria-live="polite">
        {data?.size !== undefined ? summaryText(data.size, shownTerm) : '\u00a0'}
      </p>

      {isLoading ? (
        <RepositoryListSkeleton />
      ) : query.isLoadingError ? (
        <QueryErrorPanel
          error={query.error}
          subject="repositories"
          onRetry={() => void query.refetch()}
          isRetrying={query.isRefetching}
          notFound={{
            title: 'Workspace not found',
            description: `There is no workspace “${workspace}”, or you do not have access to it.`,
          }}
        />
      ) : query.data.values.length === 0 ? (
        // Past the last page the list is empty too, even when the search matches something.
        state.page > 1 && (query.data.size === undefined || query.data.size > 0) ? (
          <EmptyState
            title={`There is no page ${state.page}`}
            description={
              term
                ? `Fewer repositories match “${term}” than that.`
                : 'This workspace has fewer repositories than that.'
            }
            action={
              <Link className="button" to={hrefFor({ page: 1 })}>
                Go to the first page
              </Link>
            }
          />
        ) : term ? (
          <EmptyState
            icon={<SearchIcon />}
            title={`No repositories match “${term}”`}
            description="Check the spelling, or search for part of the name."
            action={
              <button type="button" className="button" onClick={() => onSearch('')}>
                Clear search
              </button>
            }
          />
        ) : (
          <EmptyState
            icon={<RepoIcon />}
            title="No repositories yet"
            description="This workspace has no repositories that you can see."
          />
        )
      ) : (
        <>
          <ul
            className={`repository-list__items card${query.isPlaceholderData ? ' is-stale' : ''}`}
            aria-label="Repositories"
            aria-busy={query.isPlaceholderData}
          >
            {query.data.values.map((repository, index) => (
              <RepositoryRow
                onPrefetch={onPrefetchRepository}
                key={repository.uuid ?? repository.full_name ?? index}
                workspace={workspace}
                repository={repository}
              />
            ))}
          </ul>
          {pageCount !== 1 || query.data.next || state.page > 1 ? (
            <Pagination
              label="Repository pages"
              page={state.page}
              pageCount={pageCount}
              hasPrevious={state.page > 1}
              hasNext={Boolean(query.data.next)}
              linkTo={(page) => hrefFor({ page })}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function summaryText(size: number, term: string): string {
  const noun = size === 1 ? 'repository' : 'repositories';
  if (term) return `${size} ${noun} ${size === 1 ? 'matches' : 'match'} “${term}”`;
  return `${size} ${noun}`;
}

function RepositoryListSkeleton() {
  return (
    <div className="repository-list__items card" aria-busy="true">
      <LoadingAnnouncement>Loading repositories…</LoadingAnnouncement>
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="repository-row">
          <Skeleton width="32px" height="32px" />
          <div className="repository-row__main">
            <Skeleton width="30%" height="1rem" />
            <Skeleton width="70%" height="0.85rem" />
            <Skeleton width="45%" height="0.75rem" />
          </div>
        </div>
      ))}
    </div>
  );
}
