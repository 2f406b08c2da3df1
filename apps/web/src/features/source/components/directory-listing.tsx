// A folder's entries at a commit: folders first, sizes, icons; hovering or focusing an entry prefetches it.
// A long folder renders only the rows on screen.
import { useQueryClient } from '@tanstack/react-query';
import type { CommitFile, TreeEntry } from '@pail/shared/bitbucket';
import { defaultRangeExtractor, useWindowVirtualizer } from '@tanstack/react-virtual';
import type { Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { formatBytes } from '@/lib/format-bytes';
import { getFileContentQueryOptions } from '../api/get-file-content';
import { getSourceMetaQueryOptions } from '../api/get-source-meta';
import {
  getDirectoryQueryOptions,
  MAX_DIRECTORY_ENTRIES,
  useDirectory,
} from '../api/list-directory';
import { getResolveSourceQueryOptions } from '../api/resolve-ref';
import type { ResolvedSource } from '../api/resolve-ref';
import { baseName } from '../source-paths';
import { fileKind, isImageMimetype } from './file-kind';
import { BinaryFileIcon, FileIcon, FolderIcon, ImageFileIcon } from '@/components/ui/icons';

/** Text files up to this size are read on hover or focus, so opening them shows them at once. */
const PREFETCH_FILE_BYTES = 256 * 1024;
/** Folders with more entries than this render only the rows on screen. */
const VIRTUALIZE_FROM_ENTRIES = 500;
/** A row's height in a virtualised listing, where names stay on one line (`source.css`). */
const ROW_HEIGHT = 38;

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
    // The page asks what the path is (`format=meta`), then lists the folder or reads the file.
    void queryClient.prefetchQuery(
      getSourceMetaQueryOptions(workspace, repo, source.hash, entry.path),
    );
    if (entry.type === 'commit_directory') {
      void queryClient.prefetchQuery(
        getDirectoryQueryOptions(workspace, repo, source.hash, entry.path),
      );
    } else if (
      fileKind(entry as CommitFile) === 'text' &&
      ((entry as CommitFile).size ?? 0) <= PREFETCH_FILE_BYTES
    ) {
      void queryClient.prefetchQuery(
        getFileContentQueryOptions(workspace, repo, source.hash, entry.path),
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
  if (listing.isLoadingError) {
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

  const entries = listing.data.entries;
  const renderRow = (index: number) => {
    const entry = entries[index]!;
    const path = entry.path ?? '';
    const isFolder = entry.type === 'commit_directory';
    const file = isFolder ? undefined : (entry as Extract<TreeEntry, { size?: number }>);
    return (
      <tr key={path} aria-rowindex={index + 2}>
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
  };
  const virtual = entries.length > VIRTUALIZE_FROM_ENTRIES;

  return (
    <section
      className={`card file-table${virtual ? ' file-table--virtual' : ''}`}
      aria-label={title}
    >
      <h2 className="visually-hidden">{title}</h2>
      {/* Rows absent from the DOM still count: a screen reader announces "row 9,000 of 10,001". */}
      <table aria-rowcount={entries.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Name</th>
            <th scope="col" className="file-table__size">
              Size
            </th>
          </tr>
        </thead>
        {virtual ? (
          <VirtualRows count={entries.length} renderRow={renderRow} />
        ) : (
          <tbody>{entries.map((_, index) => renderRow(index))}</tbody>
        )}
      </table>
      {listing.data.truncated ? (
        <p className="file-table__note">
          This folder has more than {MAX_DIRECTORY_ENTRIES.toLocaleString('en')} entries; Pail lists
          the first {MAX_DIRECTORY_ENTRIES.toLocaleString('en')} Bitbucket returns. Use “Go to file”
          to find the others.
        </p>
      ) : null}
    </section>
  );
}

/**
 * The rows on screen, with spacer rows standing in for the others so the table keeps its columns and the
 * page its full height. The focused row and its neighbours always render, so Tab and Shift+Tab walk every
 * entry in turn, and focus is not lost when the focused row scrolls out of view.
 */
function VirtualRows({
  count,
  renderRow,
}: {
  count: number;
  renderRow: (index: number) => ReactNode;
}) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [offset, setOffset] = useState(0);
  const [focused, setFocused] = useState<number | null>(null);
  useLayoutEffect(() => {
    setOffset(bodyRef.current ? bodyRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      if (focused !== null) {
        for (const index of [focused - 1, focused, focused + 1]) {
          if (index >= 0 && index < count) indexes.add(index);
        }
      }
      return [...indexes].sort((a, b) => a - b);
    },
    [focused, count],
  );
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    scrollMargin: offset,
    rangeExtractor,
  });

  const rows: ReactNode[] = [];
  let end = offset;
  for (const item of virtualizer.getVirtualItems()) {
    if (item.start > end)
      rows.push(<SpacerRow key={`gap-${item.index}`} height={item.start - end} />);
    rows.push(renderRow(item.index));
    end = item.end;
  }
  const total = virtualizer.getTotalSize() + offset;
  if (total > end) rows.push(<SpacerRow key="gap-end" height={total - end} />);

  return (
    <tbody
      ref={bodyRef}
      onFocus={(event) => {
        const row = event.target.closest('tr[aria-rowindex]');
        if (row) setFocused(Number(row.getAttribute('aria-rowindex')) - 2);
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(null);
      }}
    >
      {rows}
    </tbody>
  );
}

function SpacerRow({ height }: { height: number }) {
  return (
    <tr className="file-table__spacer" aria-hidden="true">
      <td colSpan={2} style={{ height }} />
    </tr>
  );
}

function EntryIcon({ entry }: { entry: TreeEntry }) {
  if (entry.type === 'commit_directory') return <FolderIcon />;
  const file = entry as Extract<TreeEntry, { mimetype?: string | null }>;
  if (isImageMimetype(file.mimetype)) return <ImageFileIcon />;
  if (file.attributes?.includes('binary')) return <BinaryFileIcon />;
  return <FileIcon />;
}
