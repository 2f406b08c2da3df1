// Resolves the ref in a source URL (`/src/{ref}/{path}`) to a commit: a branch or tag (names may hold `/`), or a hash.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Branch, Commit, Paginated, Tag } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, ApiError, isApiError } from '@/lib/api-client';

/** Where a source URL points: the ref as named, the commit it stands for, and the path below it. */
export interface ResolvedSource {
  kind: 'branch' | 'tag' | 'commit';
  /** The ref as it appears in URLs: a branch or tag name, or the hash as given. */
  name: string;
  hash: string;
  /** The file or directory path after the ref, without leading or trailing `/` (`''` is the root). */
  path: string;
}

/** Longest ref name tried, in segments; deeper parts of the URL are the path. */
const MAX_REF_SEGMENTS = 8;
const HASH = /^[0-9a-f]{7,40}$/i;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Splits `a/b/c` into the candidate ref names `a`, `a/b`, `a/b/c` (bounded). */
export function refCandidates(segments: string[]): string[] {
  const candidates: string[] = [];
  for (let index = 1; index <= Math.min(segments.length, MAX_REF_SEGMENTS); index += 1) {
    candidates.push(segments.slice(0, index).join('/'));
  }
  return candidates;
}

async function findRefs<T extends Branch | Tag>(
  url: string,
  names: string[],
  signal?: AbortSignal,
): Promise<T[]> {
  const q = names.map((name) => `name = ${quote(name)}`).join(' OR ');
  const page = await api.get<Paginated<T>>(url, {
    query: { q, pagelen: Math.max(10, names.length) },
    signal,
  });
  return page.values.filter((ref) => ref.name !== undefined && names.includes(ref.name));
}

function notFound(ref: string): ApiError {
  return new ApiError({
    status: 404,
    code: 'not_found',
    source: 'bitbucket',
    message: `There is no branch, tag or commit “${ref}”.`,
  });
}

/**
 * Resolves `spec` (everything after `/src/`, decoded) the way bitbucket.org reads it: the longest branch
 * or tag name that prefixes it (a branch wins a tie), else a commit hash; an empty spec or `HEAD` is the
 * main branch.
 */
export async function resolveSource({
  workspace,
  repo,
  spec,
  mainBranch,
  signal,
}: {
  workspace: string;
  repo: string;
  spec: string;
  mainBranch: string | undefined;
  signal?: AbortSignal;
}): Promise<ResolvedSource> {
  let segments = spec.split('/').filter((segment) => segment !== '');
  if ((segments.length === 0 || segments[0] === 'HEAD') && mainBranch) {
    segments = [...mainBranch.split('/'), ...segments.slice(segments.length === 0 ? 0 : 1)];
  }
  if (segments.length === 0) throw notFound('HEAD');

  const candidates = refCandidates(segments);
  const [branches, tags] = await Promise.all([
    findRefs<Branch>(bitbucketApi.branches(workspace, repo), candidates, signal),
    findRefs<Tag>(bitbucketApi.tags(workspace, repo), candidates, signal),
  ]);
  const matches = [
    ...branches.map((ref) => ({ kind: 'branch' as const, ref })),
    ...tags.map((ref) => ({ kind: 'tag' as const, ref })),
  ]
    .filter((match) => match.ref.target?.hash)
    .sort((a, b) => (b.ref.name?.length ?? 0) - (a.ref.name?.length ?? 0));
  const best = matches[0];
  if (best) {
    const name = best.ref.name ?? '';
    return {
      kind: best.kind,
      name,
      hash: best.ref.target?.hash ?? '',
      path: segments.slice(name.split('/').length).join('/'),
    };
  }

  const [first = ''] = segments;
  if (HASH.test(first)) {
    try {
      const commit = await api.get<Commit>(bitbucketApi.commit(workspace, repo, first), {
        signal,
      });
      if (commit.hash)
        return {
          kind: 'commit',
          name: first,
          hash: commit.hash,
          path: segments.slice(1).join('/'),
        };
    } catch (error) {
      if (!isApiError(error) || error.status !== 404) throw error;
    }
  }
  throw notFound(first);
}

export function getResolveSourceQueryOptions(
  workspace: string,
  repo: string,
  spec: string,
  mainBranch: string | undefined,
) {
  return queryOptions({
    queryKey: ['source', workspace, repo, 'resolve', spec, mainBranch ?? null],
    queryFn: ({ signal }) => resolveSource({ workspace, repo, spec, mainBranch, signal }),
    // A branch moves when someone pushes: it is looked up again after the app's cache window.
  });
}

export function useResolveSource(
  workspace: string,
  repo: string,
  spec: string,
  mainBranch: string | undefined,
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    ...getResolveSourceQueryOptions(workspace, repo, spec, mainBranch),
    enabled: options.enabled ?? true,
    // Moving to another path keeps the current page on screen (under the progress bar) until it resolves.
    placeholderData: keepPreviousData,
  });
}
