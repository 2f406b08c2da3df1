// `sort=field` / `sort=-field`: one field, ascending unless prefixed with a hyphen; stable.
import { valuesAt } from './q-evaluate';

function sortKey(object: unknown, field: string): unknown {
  return valuesAt(object, field)[0];
}

/** One collator for every comparison: `localeCompare(…, 'en')` builds a new one per call, slow on big lists. */
const english = new Intl.Collator('en');

/** null/absent first; numbers numerically; booleans false<true; strings case-insensitively, then by code point. */
function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = String(a);
  const right = String(b);
  const folded = english.compare(left.toLowerCase(), right.toLowerCase());
  return folded !== 0 ? folded : left < right ? -1 : left > right ? 1 : 0;
}

export function parseSort(sort: string): { field: string; descending: boolean } {
  return sort.startsWith('-')
    ? { field: sort.slice(1), descending: true }
    : { field: sort, descending: false };
}

export function sortBy<T>(items: readonly T[], field: string, descending: boolean): T[] {
  return items
    .map((item, index) => ({ item, index, key: sortKey(item, field) }))
    .sort((x, y) => {
      const cmp = compareValues(x.key, y.key);
      return (descending ? -cmp : cmp) || x.index - y.index;
    })
    .map(({ item }) => item);
}
