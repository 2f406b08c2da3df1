// GET /2.0/repositories/{ws}/{repo}/src/{commit}/{path}/: a directory's entries, every page, folders first.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Paginated, TreeEntry } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';

/** Pages read before the listing is cut short (100 entries each). */
const MAX_PAGES = 50;

export interface DirectoryListing {
  entries: TreeEntry[];
  /** True when the directory had more entries than Pail reads. */
  truncated: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Folders first, then files, each in natural order of their names. */
export function sortEntries(entries: TreeEntry[]): TreeEntry[] {
  return [...entries].sort((a, b) => {
    const folderFirst =
      Number(b.type === 'commit_directory') - Number(a.type === 'commit_directory');
    return folderFirst || collator.compare(a.path ?? '', b.path ?? '');
  });
}

export async function listDirectory({
  workspace,
  repo,
  commit,
  path,
  signal,
}: {
  workspace: string;
  repo: string;
  commit: string;
  path: string;
  signal?: AbortSignal;
}): Promise<DirectoryListing> {
  let page = await api.get<Paginated<TreeEntry>>(
    bitbucketApi.source(workspace, repo, commit, path, { directory: true }),
    { query: { pagelen: 100 }, signal },
  );
  const entries = [...page.values];
  let pages = 1;
  while (page.next && pages < MAX_PAGES) {
    page = await getNextPage<Paginated<TreeEntry>>(page.next, { signal });
    entries.push(...page.values);
    pages += 1;
  }
  return { entries: sortEntries(entries), truncated: Boolean(page.next) };
}

export function getDirectoryQueryOptions(
  workspace: string,
  repo: string,
  commit: string,
  path: string,
) {
  return queryOptions({
    queryKey: ['source', workspace, repo, commit, 'directory', path],
    queryFn: ({ signal }) => listDirectory({ workspace, repo, commit, path, signal }),
    staleTime: Infinity,
  });
}

export function useDirectory(workspace: string, repo: string, commit: string, path: string) {
  return useQuery(getDirectoryQueryOptions(workspace, repo, commit, path));
}
