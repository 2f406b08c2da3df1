// A folder's entries at a commit: folders first, sizes, icons; hovering or focusing an entry prefetches it.
import { useQueryClient } from '@tanstack/react-query';
import type { TreeEntry } from '@pail/shared/bitbucket';
import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { formatBytes } from '@/lib/format-bytes';
import { getSourceMetaQueryOptions } from '../api/get-source-meta';
import { getDirectoryQueryOptions, useDirectory } from '../api/list-directory';
import { getResolveSourceQueryOptions } from '../api/resolve-ref';
import type { ResolvedSource } from '../api/resolve-ref';
import { baseName } from '../source-paths';
import { isImageMimetype } from './file-kind';
import { BinaryFileIcon, FileIcon, FolderIcon, ImageFileIcon } from './source-icons';

export function DirectoryListing({
  workspace,
  repo,
  source,
  mainBranch,
}: {
  workspace: string;
  repo: string;
  source: ResolvedSource;
  mainBranch: string | undefined;
}) {
  const listing = useDirectory(workspace, repo, source.hash, source.path);
  const queryClient = useQueryClient();
  const title = source.path === '' ? `Files in ${repo}` : `Files in ${source.path}`;

  function prefetch(entry: TreeEntry) {
    if (!entry.path) return;
    const spec = `${source.name}/${entry.path}`;
    void queryClient.prefetchQuery(getResolveSourceQueryOptions(workspace, repo, spec, mainBranch));
    if (entry.type === 'commit_directory') {
      void queryClient.prefetchQuery(
        getDirectoryQueryOptions(workspace, repo, source.hash, entry.path),
      );
    } else {
      void queryClient.prefetchQuery(
        getSourceMetaQueryOptions(workspace, repo, source.hash, entry.path),
      );
    }
  }

  if (listing.isPending) {
    return (
      <div className="card file-table__skeleton" aria-busy="true">
        <LoadingAnnouncement>Loading folder…</LoadingAnnouncement>
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton
            key={index}
            width={`${30 + index * 9}%`}
            height="1rem"
            className="skeleton--line"
          />
        ))}
      </div>
    );
  }
  if (listing.isError) {
    return (
      <QueryErrorPanel
        error={listing.error}
        subject="this folder"
        onRetry={() => void listing.refetch()}
        isRetrying={listing.isRefetching}
      />
    );
  }
  if (listing.data.entries.length === 0) {
    return <EmptyState title="This folder is empty" />;
  }

  return (
    <section className="card file-table" aria-label={title}>
      <h2 className="visually-hidden">{title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="file-table__size">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {listing.data.entries.map((entry) => {
            const path = entry.path ?? '';
            const isFolder = entry.type === 'commit_directory';
            const file = isFolder ? undefined : (entry as Extract<TreeEntry, { size?: number }>);
            return (
              <tr key={path}>
                <td>
                  <Link
                    className="file-table__name"
                    to={paths.source(workspace, repo, source.name, path)}
                    onMouseEnter={() => prefetch(entry)}
                    onFocus={() => prefetch(entry)}
                    aria-label={isFolder ? `${baseName(path)} (folder)` : undefined}
                  >
                    <EntryIcon entry={entry} />
                    <span>{baseName(path)}</span>
                  </Link>
                </td>
                <td className="file-table__size">
                  {file?.size !== undefined ? formatBytes(file.size) : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {listing.data.truncated ? (
        <p className="file-table__note">
          This folder has more entries than Pail lists; use “Go to file” to find the others.
        </p>
      ) : null}
    </section>
  );
}

function EntryIcon({ entry }: { entry: TreeEntry }) {
  if (entry.type === 'commit_directory') return <FolderIcon />;
  const file = entry as Extract<TreeEntry, { mimetype?: string | null }>;
  if (isImageMimetype(file.mimetype)) return <ImageFileIcon />;
  if (file.attributes?.includes('binary')) return <BinaryFileIcon />;
  return <FileIcon />;
}
