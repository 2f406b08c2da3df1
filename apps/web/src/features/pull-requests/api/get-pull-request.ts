// GET /2.0/repositories/{workspace}/{repo}/pullrequests/{id}: one pull request with reviewers and participants.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PullRequest } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';

export function getPullRequest({
  workspace,
  repo,
  id,
  signal,
}: {
  workspace: string;
  repo: string;
  id: number;
  signal?: AbortSignal;
}): Promise<PullRequest> {
  return api.get<PullRequest>(bitbucketApi.pullRequest(workspace, repo, id), { signal });
}

export function getPullRequestQueryOptions(workspace: string, repo: string, id: number) {
  return queryOptions({
    queryKey: ['pull-request', workspace, repo, id],
    queryFn: ({ signal }) => getPullRequest({ workspace, repo, id, signal }),
  });
}

export function usePullRequest(workspace: string, repo: string, id: number) {
  return useQuery(getPullRequestQueryOptions(workspace, repo, id));
}
