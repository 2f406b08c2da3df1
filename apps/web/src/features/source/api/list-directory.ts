// GET /2.0/repositories/{ws}/{repo}/src/{commit}/{path}/: a directory's entries, every page, folders first.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Paginated, TreeEntry } from '@pail/shared/bitbucket';
import { bitbucketApi } from '@/config/paths';
import { api, getNextPage } from '@/lib/api-client';
import type { SourceLocation } from './source-location';

/** Entries per page, the most Bitbucket gives. */
const PAGE_LENGTH = 100;
/**
 * Entries read before the listing is cut short. Bitbucket's `next` is opaque, so pages come one after
 * another: 10,000 entries are 100 requests, a tenth of a user's hourly allowance on `/2.0/repositories`.
 */
export const MAX_DIRECTORY_ENTRIES = 10_000;
const MAX_PAGES = MAX_DIRECTORY_ENTRIES / PAGE_LENGTH;

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
}: SourceLocation): Promise<DirectoryListing> {
  let page = await api.get<Paginated<TreeEntry>>(
    bitbucketApi.source(workspace, repo, commit, path, { directory: true }),
    { query: { pagelen: PAGE_LENGTH }, signal },
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
