// A change too large to diff in one request: its files as a virtualised list, each file's diff fetched when opened.
import { useQuery } from '@tanstack/react-query';
import type { UseQueryOptions } from '@tanstack/react-query';
import { defaultRangeExtractor, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { Range } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState } from 'react';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api-client';
import { DiffFileView } from './diff-file-view';
import { DiffStatusLabel, LineCounts, plural } from './diff-labels';
import type { DiffstatEntry } from './diffstat-summary';
import { diffFilePath, parseUnifiedDiff } from './parse-unified-diff';
import type { DiffViewType } from './use-diff-view-type';

const ROW_HEIGHT = 36;
/** The box's height before it is laid out (or while hidden): a screenful of rows, never none. */
const UNMEASURED_HEIGHT = ROW_HEIGHT * 15;
/** Bitbucket answers 555 when a diff is too large to compute in time. */
const DIFF_TOO_LARGE_STATUS = 555;

export type FileDiffQuery = (
  entry: DiffstatEntry,
) => UseQueryOptions<string, Error, string, string[]>;

interface LargeChangeFilesProps {
  entries: DiffstatEntry[];
  /** False while more pages of files are still coming: the totals are then the ones so far. */
  complete?: boolean;
  fileDiffQuery: FileDiffQuery;
  viewType: DiffViewType;
  subject: string;
}

export function LargeChangeFiles({
  entries,
  complete = true,
  fileDiffQuery,
  viewType,
  subject,
}: LargeChangeFilesProps) {
  const [opened, setOpened] = useState<DiffstatEntry[]>([]);
  const added = entries.reduce((total, entry) => total + entry.added, 0);
  const removed = entries.reduce((total, entry) => total + entry.removed, 0);
  const anchors = useMemo(
    () => new Map(opened.map((entry, index) => [entry.path, `diff-file-${index + 1}`])),
    [opened],
  );

  const open = (entry: DiffstatEntry) => {
    setOpened((current) =>
      current.some((item) => item.path === entry.path) ? current : [...current, entry],
    );
    // After React shows the file: scroll to it and move focus there for keyboard users.
    requestAnimationFrame(() => {
      const element = document.querySelector<HTMLElement>(
        `[data-diff-path="${CSS.escape(entry.path)}"]`,
      );
      element?.scrollIntoView?.({ block: 'start' });
      element?.focus({ preventScroll: true });
    });
  };
  const close = (path: string) =>
    setOpened((current) => current.filter((item) => item.path !== path));

  return (
    <>
      <div className="diffstat card">
        <p className="diffstat__total">
          <span>
            {plural(entries.length, 'file')} changed{complete ? '' : ' so far'}
          </span>
          <LineCounts added={added} removed={removed} />
        </p>
        <p className="diffstat__note">
          This change is large, so each file&rsquo;s diff loads when you open it.
        </p>
        <VirtualFileList
          entries={entries}
          isOpen={(path) => anchors.has(path)}
          onOpen={open}
          onClose={close}
        />
      </div>
      {opened.length === 0 ? (
        <p className="changes__empty">Open a file above to see how {subject} changed it.</p>
      ) : (
        <div className="changes__files">
          {opened.map((entry) => (
            <OpenedFileDiff
              key={entry.path}
              entry={entry}
              id={anchors.get(entry.path) ?? ''}
              query={fileDiffQuery(entry)}
              viewType={viewType}
              onClose={() => close(entry.path)}
            />
          ))}
        </div>
      )}
    </>
  );
}

/**
 * The changed files in a scrolling box that renders only the rows in view. The focused row and its
 * neighbours always render, so Tab and Shift+Tab walk every file in turn.
 */
function VirtualFileList({
  entries,
  isOpen,
  onOpen,
  onClose,
}: {
  entries: DiffstatEntry[];
  isOpen: (path: string) => boolean;
  onOpen: (entry: DiffstatEntry) => void;
  onClose: (path: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const count = entries.length;
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
  // The compiler leaves this component unmemoised, as a virtualised list needs: it renders on every scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    rangeExtractor,
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) =>
        onRect(rect.height > 0 ? rect : { ...rect, height: UNMEASURED_HEIGHT }),
      ),
  });

  return (
    <div ref={scrollRef} className="diffstat__scroller">
      <ul
        className="diffstat__files diffstat__files--virtual"
        aria-label="Changed files"
        style={{ height: virtualizer.getTotalSize() }}
        onFocus={(event) => {
          const item = event.target.closest('li[aria-posinset]');
          if (item) setFocused(Number(item.getAttribute('aria-posinset')) - 1);
        }}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) setFocused(null);
        }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          return (
            <li
              key={`${entry.oldPath ?? ''}→${entry.path}`}
              className="diffstat__file"
              aria-setsize={count}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              <DiffStatusLabel status={entry.status} />
              <button
                type="button"
                className="diffstat__path diffstat__open"
                aria-pressed={isOpen(entry.path)}
                onClick={() => (isOpen(entry.path) ? onClose(entry.path) : onOpen(entry))}
              >
                {entry.oldPath ? (
                  <>
                    <span className="diffstat__old-path">{entry.oldPath}</span>
                    <span aria-hidden="true"> → </span>
                    <span className="visually-hidden"> renamed to </span>
                  </>
                ) : null}
                {entry.path}
              </button>
              <LineCounts added={entry.added} removed={entry.removed} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** One opened file: its own `path=` diff, loading, failing or shown like any other file. */
function OpenedFileDiff({
  entry,
  id,
  query,
  viewType,
  onClose,
}: {
  entry: DiffstatEntry;
  id: string;
  query: UseQueryOptions<string, Error, string, string[]>;
  viewType: DiffViewType;
  onClose: () => void;
}) {
  const diff = useQuery(query);
  const file = useMemo(() => {
    if (diff.data === undefined) return undefined;
    const files = parseUnifiedDiff(diff.data);
    // `path=` also matches a folder's files by prefix: keep the one that was opened.
    return files.find((candidate) => diffFilePath(candidate) === entry.path) ?? files[0];
  }, [diff.data, entry.path]);

  if (diff.isPending) {
    return (
      <div className="diff-file card" aria-busy="true" data-diff-path={entry.path} tabIndex={-1}>
        <LoadingAnnouncement>{`Loading the diff of ${entry.path}…`}</LoadingAnnouncement>
        <Skeleton width="35%" height="1rem" />
        <Skeleton width="90%" height="0.85rem" />
      </div>
    );
  }
  if (
    diff.isLoadingError &&
    isApiError(diff.error) &&
    diff.error.status === DIFF_TOO_LARGE_STATUS
  ) {
    return (
      <p className="changes__empty" data-diff-path={entry.path} tabIndex={-1}>
        Bitbucket could not produce the diff of {entry.path} in time: it is too large to show.
      </p>
    );
  }
  if (diff.isLoadingError) {
    return (
      <div data-diff-path={entry.path} tabIndex={-1}>
        <QueryErrorPanel
          error={diff.error}
          subject={`the diff of ${entry.path}`}
          onRetry={() => void diff.refetch()}
          isRetrying={diff.isRefetching}
        />
      </div>
    );
  }
  if (!file) {
    return (
      <p className="changes__empty" data-diff-path={entry.path} tabIndex={-1}>
        {entry.path}: no content changed.
      </p>
    );
  }
  return (
    <div data-diff-path={entry.path} tabIndex={-1}>
      <DiffFileView id={id} file={file} viewType={viewType} expanded onToggle={onClose} />
    </div>
  );
}
