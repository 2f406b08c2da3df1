// Fetches what a pull request's page shows before it is opened (hover or focus on a link to it).
import type { QueryClient } from '@tanstack/react-query';
import type { PullRequest } from '@pail/shared/bitbucket';
import { getPullRequestQueryOptions } from './get-pull-request';
import { getPullRequestDiffQueryOptions } from './get-pull-request-diff';
import { getPullRequestDiffstatQueryOptions } from './get-pull-request-diffstat';

/**
 * The pull request, its diffstat and its diff, keyed by the source commit the list shows (the page keys
 * them by the one its own answer names: the same unless someone pushed in between).
 */
export function prefetchPullRequest(
  queryClient: QueryClient,
  workspace: string,
  repo: string,
  pullRequest: PullRequest,
): void {
  const id = pullRequest.id;
  if (id === undefined) return;
  const sourceCommit = pullRequest.source?.commit?.hash;
  void queryClient.prefetchQuery(getPullRequestQueryOptions(workspace, repo, id));
  if (!sourceCommit) return;
  void queryClient.prefetchQuery(
    getPullRequestDiffstatQueryOptions(workspace, repo, id, sourceCommit),
  );
  void queryClient.prefetchQuery(getPullRequestDiffQueryOptions(workspace, repo, id, sourceCommit));
}
