// When a change is too large to download and parse as one diff, so that its files load one at a time.
import type { Diffstat } from '@pail/shared/bitbucket';

/** More files than this, or more changed lines than {@link LARGE_CHANGE_LINES}, and files load one by one. */
export const LARGE_CHANGE_FILES = 300;
export const LARGE_CHANGE_LINES = 20_000;

export function isLargeChange(diffstat: readonly Diffstat[]): boolean {
  if (diffstat.length > LARGE_CHANGE_FILES) return true;
  const lines = diffstat.reduce(
    (total, entry) => total + (entry.lines_added ?? 0) + (entry.lines_removed ?? 0),
    0,
  );
  return lines > LARGE_CHANGE_LINES;
}
