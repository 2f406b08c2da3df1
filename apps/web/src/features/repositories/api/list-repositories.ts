// GET /2.0/repositories/{workspace}: one page of a workspace's repositories, filtered by name and sorted.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Paginated, Repository } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export const REPOSITORIES_PAGE_LENGTH = 25;

/** The orders offered in the UI (`?sort=` keys) and the Bitbucket `sort` each one sends. */
export const REPOSITORY_SORTS = {
  updated: { label: 'Last updated', apiSort: '-updated_on' },
  name: { label: 'Name', apiSort: 'name' },
} as const;
export type RepositorySort = keyof typeof REPOSITORY_SORTS;
export const DEFAULT_REPOSITORY_SORT: RepositorySort = 'updated';

export function isRepositorySort(value: string | null): value is RepositorySort {
  return value !== null && Object.hasOwn(REPOSITORY_SORTS, value);
}

export interface ListRepositoriesParams {
  workspace: string;
  /** 1-based. */
  page: number;
  sort: RepositorySort;
  /** What the user typed; matched against the name, case-insensitively, anywhere in it. */
  search: string;
}

/**
 * A `q` filter for names containing `term`: `name ~ "term"`. Inside Bitbucket's quoted strings a
 * backslash and a double quote must be escaped, or the query breaks (or means something else).
 */
export function nameContainsFilter(term: string): string {
  return `name ~ "${term.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

export function listRepositories({
  workspace,
  page,
  sort,
  search,
  signal,
}: ListRepositoriesParams & { signal?: AbortSignal }): Promise<Paginated<Repository>> {
  const term = search.trim();
  return api.get<Paginated<Repository>>(bitbucketApi.repositories(workspace), {
    signal,
    query: {
      pagelen: REPOSITORIES_PAGE_LENGTH,
      page,
      sort: REPOSITORY_SORTS[sort].apiSort,
      q: term ? nameContainsFilter(term) : undefined,
    },
  });
}

export function listRepositoriesQueryOptions(params: ListRepositoriesParams) {
  const { workspace, page, sort } = params;
  const search = params.search.trim();
  return queryOptions({
    queryKey: ['repositories', workspace, { page, sort, search }] as const,
    queryFn: ({ signal }) => listRepositories({ workspace, page, sort, search, signal }),
    // Keep showing the previous page of the same workspace while the next one loads: no flash.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === workspace ? previous : undefined,
  });
}

export function useRepositories(params: ListRepositoriesParams) {
  return useQuery(listRepositoriesQueryOptions(params));
}
