// GET /2.0/repositories/{workspace}/{repo}/refs/tags: one page of tags, filtered by name and sorted.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Tag, Paginated } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';
import { refListQuery } from './ref-list-query';
import type { ListRefsParams } from './ref-list-query';

export function listTags({
  workspace,
  repo,
  signal,
  ...params
}: ListRefsParams & { signal?: AbortSignal }): Promise<Paginated<Tag>> {
  return api.get<Paginated<Tag>>(bitbucketApi.tags(workspace, repo), {
    signal,
    query: refListQuery(params),
  });
}

export function listTagsQueryOptions(params: ListRefsParams) {
  const { workspace, repo, page, sort } = params;
  const search = params.search.trim();
  return queryOptions({
    queryKey: ['tags', workspace, repo, { page, sort, search }] as const,
    queryFn: ({ signal }) => listTags({ workspace, repo, page, sort, search, signal }),
    // Keep the previous page of the same repository on screen while the next one loads.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === workspace && previousQuery.queryKey[2] === repo
        ? previous
        : undefined,
  });
}

export function useTags(params: ListRefsParams) {
  return useQuery(listTagsQueryOptions(params));
}
