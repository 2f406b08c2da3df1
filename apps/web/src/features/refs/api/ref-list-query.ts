// What the branch and tag lists share: page length, the orders offered, and the `q` name filter.
export const REFS_PAGE_LENGTH = 25;

/** The orders offered in the UI (`?sort=` keys) and the Bitbucket `sort` each sends. */
export const REF_SORTS = {
  name: { label: 'Name', apiSort: 'name' },
  date: { label: 'Last commit', apiSort: '-target.date' },
} as const;
export type RefSort = keyof typeof REF_SORTS;
export const DEFAULT_REF_SORT: RefSort = 'name';

export function isRefSort(value: string | null): value is RefSort {
  return value !== null && Object.hasOwn(REF_SORTS, value);
}

export interface ListRefsParams {
  workspace: string;
  repo: string;
  /** 1-based. */
  page: number;
  sort: RefSort;
  /** Matched anywhere in the name; Bitbucket's `~` ignores case. */
  search: string;
}

/** `name ~ "term"`, with the backslashes and double quotes Bitbucket's quoted strings need escaped. */
export function refNameFilter(term: string): string {
  return `name ~ "${term.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The query string both endpoints take. */
export function refListQuery({
  page,
  sort,
  search,
}: Pick<ListRefsParams, 'page' | 'sort' | 'search'>) {
  const term = search.trim();
  return {
    pagelen: REFS_PAGE_LENGTH,
    page,
    sort: REF_SORTS[sort].apiSort,
    q: term ? refNameFilter(term) : undefined,
  };
}
