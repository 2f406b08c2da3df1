// Fetches what a commit's page shows before it is opened (hover or focus on a link to it).
import type { QueryClient } from '@tanstack/react-query';
import { isLargeChange } from '@/components/diff/large-change';
import { getCommitQueryOptions } from './get-commit';
import { getCommitDiffQueryOptions } from './get-commit-diff';
import { getCommitDiffstatQueryOptions } from './get-commit-diffstat';

/**
 * The commit, its diffstat and, when the change is small enough to be shown whole, its diff: the same
 * requests the page makes, so opening it asks for nothing more. Failures are left for the page to report.
 */
export function prefetchCommit(
  queryClient: QueryClient,
  workspace: string,
  repo: string,
  hash: string,
): void {
  void queryClient.prefetchQuery(getCommitQueryOptions(workspace, repo, hash));
  void queryClient
    .fetchQuery(getCommitDiffstatQueryOptions(workspace, repo, hash))
    .then((diffstat) =>
      !diffstat.complete || isLargeChange(diffstat.files)
        ? undefined
        : queryClient.prefetchQuery(getCommitDiffQueryOptions(workspace, repo, hash)),
    )
    .catch(() => {});
}
