// GET /2.0/repositories/{ws}/{repo}/refs/branches and /refs/tags: the names the ref switcher offers, filtered by Bitbucket.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Branch, Paginated, Tag } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export type RefKind = 'branch' | 'tag';

/** Names asked for at once: Bitbucket's largest page. Anything beyond it is reached by filtering. */
export const REF_NAMES_PAGE_LENGTH = 100;

export interface RefNames {
  names: string[];
  /** True when more refs match than the page holds. */
  truncated: boolean;
}

/** `name ~ "term"`, with the backslashes and double quotes Bitbucket's quoted strings need escaped. */
export function refNameFilter(term: string): string {
  return `name ~ "${term.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * The first page of branch or tag names containing `search` (any case; all of them when it is blank):
 * branches in natural name order, tags newest version first.
 */
export async function listRefNames({
  workspace,
  repo,
  kind,
  search,
  signal,
}: {
  workspace: string;
  repo: string;
  kind: RefKind;
  search: string;
  signal?: AbortSignal;
}): Promise<RefNames> {
  const term = search.trim();
  const url =
    kind === 'branch' ? bitbucketApi.branches(workspace, repo) : bitbucketApi.tags(workspace, repo);
  const page = await api.get<Paginated<Branch | Tag>>(url, {
    query: {
      pagelen: REF_NAMES_PAGE_LENGTH,
      sort: kind === 'branch' ? 'name' : '-name',
      q: term ? refNameFilter(term) : undefined,
    },
    signal,
  });
  return {
    names: page.values.flatMap((ref) => (ref.name ? [ref.name] : [])),
    truncated: Boolean(page.next),
  };
}

export function getRefNamesQueryOptions(
  workspace: string,
  repo: string,
  kind: RefKind,
  search: string,
) {
  const term = search.trim();
  return queryOptions({
    queryKey: ['source', workspace, repo, 'ref-names', kind, term] as const,
    queryFn: ({ signal }) => listRefNames({ workspace, repo, kind, search: term, signal }),
    staleTime: 60_000,
  });
}

/** The names matching `search`; while the next filter loads, the previous matches stay on screen. */
export function useRefNames(
  workspace: string,
  repo: string,
  kind: RefKind,
  search: string,
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    ...getRefNamesQueryOptions(workspace, repo, kind, search),
    enabled: options.enabled ?? true,
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === workspace && previousQuery.queryKey[2] === repo
        ? previous
        : undefined,
  });
}
