// GET /2.0/repositories/{ws}/{repo}/refs/branches and /refs/tags: the names offered by the ref switcher.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Branch, Paginated, Tag } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export interface RefNames {
  branches: string[];
  tags: string[];
  /** True when either list had more than one page. */
  truncated: boolean;
}

export async function listRefNames({
  workspace,
  repo,
  signal,
}: {
  workspace: string;
  repo: string;
  signal?: AbortSignal;
}): Promise<RefNames> {
  const query = { pagelen: 100, sort: 'name' };
  const [branches, tags] = await Promise.all([
    api.get<Paginated<Branch>>(bitbucketApi.branches(workspace, repo), { query, signal }),
    api.get<Paginated<Tag>>(bitbucketApi.tags(workspace, repo), {
      query: { ...query, sort: '-name' },
      signal,
    }),
  ]);
  const names = (values: Array<{ name?: string }>) =>
    values.flatMap((ref) => (ref.name ? [ref.name] : []));
  return {
    branches: names(branches.values),
    tags: names(tags.values),
    truncated: Boolean(branches.next || tags.next),
  };
}

export function getRefNamesQueryOptions(workspace: string, repo: string) {
  return queryOptions({
    queryKey: ['source', workspace, repo, 'ref-names'],
    queryFn: ({ signal }) => listRefNames({ workspace, repo, signal }),
    staleTime: 60_000,
  });
}

export function useRefNames(workspace: string, repo: string) {
  return useQuery(getRefNamesQueryOptions(workspace, repo));
}
