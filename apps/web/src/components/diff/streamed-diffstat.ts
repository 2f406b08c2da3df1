// A change's diffstat page by page into one list: the first page shows at once, later pages join it as they come.
import { experimental_streamedQuery as streamedQuery } from '@tanstack/react-query';
import type { QueryFunction, QueryKey, UseQueryResult } from '@tanstack/react-query';
import type { Diffstat, Paginated } from '@pail/shared/bitbucket';
import { getNextPage } from '@/lib/api-client';

/**
 * A query function for a diffstat: the first page (from `first`), then each `next` page, at most
 * `maxPages` in all. The query leaves `pending` with the first page; until the last has arrived it stays
 * `fetching`. A later page that fails leaves the files already listed in place, with the error beside them.
 */
export function streamedDiffstat<TKey extends QueryKey>(
  first: (signal: AbortSignal) => Promise<Paginated<Diffstat>>,
  maxPages: number,
): QueryFunction<Diffstat[], TKey> {
  return streamedQuery<Diffstat[], Diffstat[], TKey>({
    async *streamFn({ signal }) {
      let page = await first(signal);
      yield page.values;
      for (let count = 1; page.next && count < maxPages; count += 1) {
        page = await getNextPage<Paginated<Diffstat>>(page.next, { signal });
        yield page.values;
      }
    },
    reducer: (files, page) => files.concat(page),
    initialValue: [],
    // A retry or a refetch keeps the files already listed on screen until the new list is whole.
    refetchMode: 'replace',
  });
}

/** Whether every page of the diffstat is in: what a decision that needs the whole list must wait for. */
export function isDiffstatComplete(diffstat: UseQueryResult<Diffstat[]>): boolean {
  return diffstat.isSuccess && diffstat.fetchStatus !== 'fetching';
}
