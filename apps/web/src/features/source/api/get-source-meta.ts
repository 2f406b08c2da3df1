// GET /2.0/repositories/{ws}/{repo}/src/{commit}/{path}?format=meta: what a path is at a commit.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CommitDirectory, CommitFile } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, ApiError } from '@/lib/api-client';
import type { SourceLocation } from './source-location';

export type SourceMeta = CommitFile | CommitDirectory;

export function isDirectory(meta: SourceMeta): meta is CommitDirectory {
  return meta.type === 'commit_directory';
}

/**
 * Git never names a file `.` or `..`, and the browser would resolve such a segment in the request URL,
 * turning a link into a request for another repository or another API.
 */
function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => segment === '.' || segment === '..');
}

export function getSourceMeta({
  workspace,
  repo,
  commit,
  path,
  signal,
}: SourceLocation): Promise<SourceMeta> {
  if (path === '') return Promise.resolve({ type: 'commit_directory', path: '' });
  if (hasDotSegment(path)) {
    return Promise.reject(
      new ApiError({
        status: 404,
        code: 'not_found',
        source: 'bitbucket',
        message: `There is no file or folder “${path}”.`,
      }),
    );
  }
  return api.get<SourceMeta>(bitbucketApi.source(workspace, repo, commit, path), {
    query: { format: 'meta' },
    signal,
  });
}

export function getSourceMetaQueryOptions(
  workspace: string,
  repo: string,
  commit: string,
  path: string,
) {
  return queryOptions({
    queryKey: ['source', workspace, repo, commit, 'meta', path],
    queryFn: ({ signal }) => getSourceMeta({ workspace, repo, commit, path, signal }),
    // A path at a commit never changes.
    staleTime: Infinity,
  });
}

export function useSourceMeta(
  workspace: string,
  repo: string,
  commit: string | undefined,
  path: string,
) {
  return useQuery({
    ...getSourceMetaQueryOptions(workspace, repo, commit ?? '', path),
    enabled: commit !== undefined,
  });
}
