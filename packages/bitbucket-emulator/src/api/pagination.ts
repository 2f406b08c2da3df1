// Bitbucket's list-based paging: `pagelen`, `page`, `size` and absolute `next`/`previous` links (FACTS.md §4).
import type { Paginated } from '@pail/shared/bitbucket';
import { ApiError } from './api-error';

export interface PagingRules {
  defaultPagelen: number;
  maxPagelen: number;
}

/** Most collections: default 10, at most 100. */
export const LIST_PAGING: PagingRules = { defaultPagelen: 10, maxPagelen: 100 };

function positiveInt(value: string | null, fallback: number, message: string): number {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ApiError(400, message);
  const n = Number(value);
  if (n < 1) throw new ApiError(400, message);
  return n;
}

/**
 * One page of `items`. A `pagelen` above the maximum (or not a positive integer) is refused with
 * 400 "Invalid pagelen", as Bitbucket does; below 10 is accepted (`pagelen=1` works on Bitbucket).
 * A page past the end is an empty page, with `previous` but no `next`.
 */
export function paginate<T>(
  origin: string,
  requestUrl: string,
  items: readonly T[],
  rules = LIST_PAGING,
): Paginated<T> {
  const url = new URL(requestUrl);
  const pagelen = positiveInt(
    url.searchParams.get('pagelen'),
    rules.defaultPagelen,
    'Invalid pagelen',
  );
  if (pagelen > rules.maxPagelen) throw new ApiError(400, 'Invalid pagelen');
  const page = positiveInt(url.searchParams.get('page'), 1, 'Invalid page');
  const start = (page - 1) * pagelen;
  const values = items.slice(start, start + pagelen);
  const linkTo = (target: number): string => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(target));
    return `${origin}${url.pathname}?${params.toString()}`;
  };
  const lastPage = Math.max(1, Math.ceil(items.length / pagelen));
  return {
    pagelen,
    size: items.length,
    values,
    page,
    ...(page < lastPage ? { next: linkTo(page + 1) } : {}),
    ...(page > 1 ? { previous: linkTo(Math.min(page - 1, lastPage)) } : {}),
  };
}
