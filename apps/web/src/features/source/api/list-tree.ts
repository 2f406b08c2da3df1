// GET /2.0/repositories/{ws}/{repo}/src/{commit}/?max_depth=…: every file path at a commit, for the file finder.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Paginated, TreeEntry } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';

const MAX_DEPTH = 20;
/** Pages read before the list is cut short (100 entries each). */
const MAX_PAGES = 40;

export interface FileTree {
  files: string[];
  truncated: boolean;
}

export async function listTree({
  workspace,
  repo,
  commit,
  signal,
}: {
  workspace: string;
  repo: string;
  commit: string;
  signal?: AbortSignal;
}): Promise<FileTree> {
  let page = await api.get<Paginated<TreeEntry>>(bitbucketApi.source(workspace, repo, commit), {
    query: { max_depth: MAX_DEPTH, pagelen: 100 },
    signal,
  });
  const files: string[] = [];
  const collect = (values: TreeEntry[]) => {
    for (const entry of values)
      if (entry.type === 'commit_file' && entry.path) files.push(entry.path);
  };
  collect(page.values);
  let pages = 1;
  while (page.next && pages < MAX_PAGES) {
    page = await getNextPage<Paginated<TreeEntry>>(page.next, { signal });
    collect(page.values);
    pages += 1;
  }
  files.sort();
  return { files, truncated: Boolean(page.next) };
}

export function getTreeQueryOptions(workspace: string, repo: string, commit: string) {
  return queryOptions({
    queryKey: ['source', workspace, repo, commit, 'tree'],
    queryFn: ({ signal }) => listTree({ workspace, repo, commit, signal }),
    staleTime: Infinity,
  });
}

export function useTree(workspace: string, repo: string, commit: string, enabled: boolean) {
  return useQuery({ ...getTreeQueryOptions(workspace, repo, commit), enabled });
}
