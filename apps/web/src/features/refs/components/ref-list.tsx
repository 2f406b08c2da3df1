// The branches or tags of a repository: name search, natural or by-date order and paging, all kept in the URL.
import type { UseQueryResult } from '@tanstack/react-query';
import type { Branch, Paginated, Tag } from '@pail/shared/bitbucket';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { BranchIcon, SearchIcon } from '@/components/ui/icons';
import { Pagination } from '@/components/ui/pagination';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { SearchBox } from '@/components/ui/search-box';
import { SortSelect } from '@/components/ui/sort-select';
import { paths, toQueryString } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { DEFAULT_REF_SORT, isRefSort, REF_SORTS, REFS_PAGE_LENGTH } from '../api/ref-list-query';
import type { ListRefsParams } from '../api/ref-list-query';
import { useBranches } from '../api/list-branches';
import { useTags } from '../api/list-tags';
import './ref-list.css';

type RefKind = 'branches' | 'tags';
type RefListState = Pick<ListRefsParams, 'page' | 'sort' | 'search'>;

const NOUNS: Record<RefKind, { one: string; many: string; title: string }> = {
  branches: { one: 'branch', many: 'branches', title: 'Branches' },
  tags: { one: 'tag', many: 'tags', title: 'Tags' },
};

/** The URL is the state: `?search=`, `?sort=` (omitted for name order) and `?page=` (omitted for 1). */
export function readRefListState(searchParams: URLSearchParams): RefListState {
  const sort = searchParams.get('sort');
  const pageParam = searchParams.get('page') ?? '';
  const page = /^\d+$/.test(pageParam) ? Number(pageParam) : 1;
  return {
    search: searchParams.get('search') ?? '',
    sort: isRefSort(sort) ? sort : DEFAULT_REF_SORT,
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

interface RefPageProps {
  workspace: string;
  repo: string;
}

export function BranchesPage({
  workspace,
  repo,
  mainBranch,
}: RefPageProps & { mainBranch?: string | undefined }) {
  const [searchParams] = useSearchParams();
  const state = readRefListState(searchParams);
  const query = useBranches({ workspace, repo, ...state });
  return (
    <RefList
      kind="branches"
      workspace={workspace}
      repo={repo}
      state={state}
      query={query}
      mainBranch={mainBranch}
    />
  );
}

export function TagsPage({ workspace, repo }: RefPageProps) {
  const [searchParams] = useSearchParams();
  const state = readRefListState(searchParams);
  const query = useTags({ workspace, repo, ...state });
  return <RefList kind="tags" workspace={workspace} repo={repo} state={state} query={query} />;
}

function RefList({
  kind,
  workspace,
  repo,
  state,
  query,
  mainBranch,
}: RefPageProps & {
  kind: RefKind;
  state: RefListState;
  query: UseQueryResult<Paginated<Branch | Tag>>;
  mainBranch?: string | undefined;
}) {
  const navigate = useNavigate();
  const noun = NOUNS[kind];
  usePageTitle(`${noun.title} · ${workspace}/${repo}`);
  const base = kind === 'branches' ? paths.branches(workspace, repo) : paths.tags(workspace, repo);
  const hrefFor = (changes: Partial<RefListState>) => {
    const next = { ...state, ...changes };
    return `${base}${toQueryString({
      search: next.search || undefined,
      sort: next.sort === DEFAULT_REF_SORT ? undefined : next.sort,
      page: next.page > 1 ? next.page : undefined,
    })}`;
  };
  const term = state.search.trim();
  const onSearch = (search: string) =>
    void navigate(hrefFor({ search, page: 1 }), { replace: term !== '' });

  const isLoading = query.isPending || (query.isPlaceholderData && query.data.values.length === 0);
  const data = isLoading ? undefined : query.data;
  const pageCount =
    data?.size !== undefined
      ? Math.max(1, Math.ceil(data.size / (data.pagelen ?? REFS_PAGE_LENGTH)))
      : undefined;

  return (
    <section className="ref-list" aria-labelledby="ref-list-title">
      <div className="ref-list__toolbar">
        <h2 id="ref-list-title" className="ref-list__title">
          {noun.title}
        </h2>
        <SearchBox
          value={state.search}
          label={`Search ${noun.many}`}
          placeholder={`Find a ${noun.one}…`}
          onSearch={onSearch}
        />
        <SortSelect
          value={state.sort}
          sorts={REF_SORTS}
          onSort={(sort) => void navigate(hrefFor({ sort, page: 1 }))}
        />
      </div>

      <p className="ref-list__summary" aria-live="polite">
        {data?.size !== undefined ? summaryText(data.size, noun, term) : '\u00a0'}
      </p>

      {isLoading ? (
        <RefListSkeleton label={`Loading ${noun.many}…`} />
      ) : query.isLoadingError ? (
        <QueryErrorPanel
          error={query.error}
          subject={noun.many}
          onRetry={() => void query.refetch()}
          isRetrying={query.isRefetching}
          notFound={{
            title: 'Repository not found',
            description: `There is no repository “${workspace}/${repo}”, or you do not have access to it.`,
          }}
        />
      ) : query.data.values.length === 0 ? (
        state.page > 1 && (query.data.size === undefined || query.data.size > 0) ? (
          <EmptyState
            title={`There is no page ${state.page}`}
            description={`There are fewer ${noun.many} than that.`}
            action={
              <Link className="button" to={hrefFor({ page: 1 })}>
                Go to the first page
              </Link>
            }
          />
        ) : term ? (
          <EmptyState
            icon={<SearchIcon />}
            title={`No ${noun.many} match “${term}”`}
            description="Check the spelling, or search for part of the name."
            action={
              <button type="button" className="button" onClick={() => onSearch('')}>
                Clear search
              </button>
            }
          />
        ) : (
          <EmptyState
            icon={<BranchIcon />}
            title={`No ${noun.many} yet`}
            description={`This repository has no ${noun.many}.`}
          />
        )
      ) : (
        <>
          <ul
            className={`ref-list__items card${query.isPlaceholderData ? ' is-stale' : ''}`}
            aria-label={noun.title}
            aria-busy={query.isPlaceholderData}
          >
            {query.data.values.map((ref, index) => (
              <RefRow
                key={ref.name ?? index}
                workspace={workspace}
                repo={repo}
                refItem={ref}
                isMain={kind === 'branches' && ref.name === mainBranch}
              />
            ))}
          </ul>
          {pageCount !== 1 || query.data.next || state.page > 1 ? (
            <Pagination
              label={`${noun.title} pages`}
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

function RefRow({
  workspace,
  repo,
  refItem,
  isMain,
}: RefPageProps & { refItem: Branch | Tag; isMain: boolean }) {
  const name = refItem.name ?? '';
  const target = refItem.target;
  const hash = target?.hash ?? '';
  const author = target?.author;
  const authorName =
    author?.user?.display_name ?? author?.raw?.replace(/\s*<[^>]*>\s*$/, '').trim() ?? '';
  const summary = (target?.message ?? '').split('\n')[0]?.trim();
  return (
    <li className="ref-row">
      <div className="ref-row__main">
        <div className="ref-row__heading">
          <Link className="ref-row__name" to={paths.source(workspace, repo, name)}>
            {name}
          </Link>
          {isMain ? <Badge tone="brand">Main branch</Badge> : null}
        </div>
        {target ? (
          <p className="ref-row__commit">
            {hash ? (
              <Link className="ref-row__hash" to={paths.commit(workspace, repo, hash)}>
                {hash.slice(0, 7)}
              </Link>
            ) : null}
            {summary ? <span className="ref-row__summary">{summary}</span> : null}
          </p>
        ) : null}
        {target ? (
          <p className="ref-row__meta">
            {authorName ? (
              <span className="ref-row__author">
                <Avatar src={author?.user?.links?.avatar?.href} name={authorName} size="sm" />
                {authorName}
              </span>
            ) : null}
            {target.date ? <RelativeTime value={target.date} prefix="committed" /> : null}
          </p>
        ) : null}
      </div>
      <div className="ref-row__actions">
        <Link
          className="button button--small"
          to={paths.source(workspace, repo, name)}
          aria-label={`Source of ${name}`}
        >
          Source
        </Link>
        <Link
          className="button button--small"
          to={paths.commits(workspace, repo, { ref: name })}
          aria-label={`History of ${name}`}
        >
          History
        </Link>
      </div>
    </li>
  );
}

function summaryText(size: number, noun: { one: string; many: string }, term: string): string {
  const word = size === 1 ? noun.one : noun.many;
  if (term) return `${size} ${word} ${size === 1 ? 'matches' : 'match'} “${term}”`;
  return `${size} ${word}`;
}

function RefListSkeleton({ label }: { label: string }) {
  return (
    <div className="ref-list__items card" aria-busy="true">
      <LoadingAnnouncement>{label}</LoadingAnnouncement>
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="ref-row">
          <div className="ref-row__main">
            <Skeleton width="30%" height="1rem" />
            <Skeleton width="60%" height="0.85rem" />
          </div>
        </div>
      ))}
    </div>
  );
}
