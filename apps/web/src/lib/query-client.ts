// The react-query client and its defaults: when to retry, how long Bitbucket data stays fresh.
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';

/** Bitbucket's answer to a diff too large to produce: final, like a 4xx. */
const DIFF_TOO_LARGE_STATUS = 555;
/** A server asking to wait longer than this is not asked again by itself; the user can press Retry. */
const MAX_RETRY_WAIT_SECONDS = 10;

/**
 * Retry only what may succeed on its own. A 4xx (signed out, missing scope, not found, rate limited) or a
 * 555 will answer the same again, and Bitbucket counts every call against an hourly limit. A 502/503/504
 * comes after the BFF already tried Bitbucket twice: one more try, after a pause, and none when the answer
 * asked for a long wait. Pail's server not answering at all costs Bitbucket nothing: two more tries.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!isApiError(error)) return failureCount < 2;
  if (error.status === 0) return failureCount < 2;
  if (error.status < 500 || error.status === DIFF_TOO_LARGE_STATUS) return false;
  if ((error.retryAfterSeconds ?? 0) > MAX_RETRY_WAIT_SECONDS) return false;
  return failureCount < 1;
}

/** Waits what the server asked (`Retry-After`), else backs off: 1 s, 2 s, 4 s… */
export function retryDelay(failureCount: number, error: unknown): number {
  if (isApiError(error) && error.retryAfterSeconds !== undefined) {
    return Math.min(error.retryAfterSeconds, MAX_RETRY_WAIT_SECONDS) * 1000;
  }
  return Math.min(1000 * 2 ** failureCount, 30_000);
}

/**
 * The cache window: for this long after an answer, going back to a page (or opening one prefetched on
 * hover) asks Bitbucket nothing. Lists that move (pull requests, branches) are at most this old; a reload
 * always asks again. Data read at a commit hash never changes and stays fresh for good (its own options).
 */
export const STALE_TIME_MS = 5 * 60_000;
/** How long an answer no page shows is kept, so Back renders at once from it. */
export const GC_TIME_MS = 30 * 60_000;

/**
 * Bytes a page shows through a `blob:` URL (an image inside a README), held as a query's data. The URL
 * keeps the bytes alive, so the cache revokes it when it lets the query go (after `GC_TIME`, or
 * `clear()` on sign-out) or replaces its data.
 */
export interface HeldObjectUrl {
  objectUrl: string;
}

function heldObjectUrl(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('objectUrl' in data)) return undefined;
  const { objectUrl } = data as { objectUrl: unknown };
  return typeof objectUrl === 'string' && objectUrl.startsWith('blob:') ? objectUrl : undefined;
}

/** Revokes every object URL a query held once the query no longer holds it. */
export function revokeReleasedObjectUrls(queryClient: QueryClient): () => void {
  const held = new Map<string, string>();
  return queryClient.getQueryCache().subscribe((event) => {
    const { queryHash } = event.query;
    const previous = held.get(queryHash);
    const current = event.type === 'removed' ? undefined : heldObjectUrl(event.query.state.data);
    if (previous === current) return;
    if (previous !== undefined) URL.revokeObjectURL(previous);
    if (current === undefined) held.delete(queryHash);
    else held.set(queryHash, current);
  });
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        retry: options.retry === false ? false : shouldRetry,
        retryDelay,
        staleTime: STALE_TIME_MS,
        gcTime: GC_TIME_MS,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  revokeReleasedObjectUrls(queryClient);
  return queryClient;
}
