// A change's diffstat page by page into one list: the first page shows at once, later pages join it as they come.
import { experimental_streamedQuery as streamedQuery } from '@tanstack/react-query';
import type { Query, QueryFunction, QueryKey } from '@tanstack/react-query';
import type { Diffstat, Paginated } from '@pail/shared/bitbucket';
import { getNextPage } from '@/lib/api-client';

/** The files a change touches, as far as they have arrived, and whether that is all of them. */
export interface DiffstatList {
  files: Diffstat[];
  /**
   * True once the last page Pail reads is in. False while pages are coming, and in a list whose reading
   * was cut short (its page left, its fetch cancelled): such a list is never taken for the whole.
   */
  complete: boolean;
}

interface DiffstatPage {
  files: Diffstat[];
  last: boolean;
}

const EMPTY: DiffstatList = { files: [], complete: false };

/**
 * A query function for a diffstat: the first page (from `first`), then each `next` page, at most
 * `maxPages` in all. The query leaves `pending` with the first page and stays `fetching` until the last.
 * A later page that fails leaves the files already listed in place, with the error beside them; a retry
 * or refetch keeps them on screen until the new list is whole.
 */
export function streamedDiffstat<TKey extends QueryKey>(
  first: (signal: AbortSignal) => Promise<Paginated<Diffstat>>,
  maxPages: number,
): QueryFunction<DiffstatList, TKey> {
  return streamedQuery<DiffstatPage, DiffstatList, TKey>({
    async *streamFn({ signal }) {
      let page = await first(signal);
      for (let count = 1; ; count += 1) {
        const last = !page.next || count >= maxPages;
        yield { files: page.values, last };
        if (last || !page.next) return;
        page = await getNextPage<Paginated<Diffstat>>(page.next, { signal });
      }
    },
    reducer: (list, page) => ({ files: list.files.concat(page.files), complete: page.last }),
    initialValue: EMPTY,
    refetchMode: 'replace',
  });
}

/**
 * How long a diffstat stays fresh: for good once whole (its `staleTime` otherwise), at once when it is
 * not — a list cut short by leaving the page is read again, from the first page, when it is next shown.
 */
export function diffstatStaleTime(whole: number) {
  return (query: Query<DiffstatList, Error, DiffstatList, QueryKey>) =>
    query.state.data?.complete === true ? whole : 0;
}
