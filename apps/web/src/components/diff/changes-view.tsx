// A change's files: the diffstat (always, when it loads) and the parsed diff, with layout and folding controls.
import { useMemo, useState } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { AlertIcon } from '@/components/ui/icons';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api-client';
import { DiffFileView } from './diff-file-view';
import { DiffstatSummary, toDiffstatEntry } from './diffstat-summary';
import { isLargeChange } from './large-change';
import { LargeChangeFiles } from './large-change-files';
import type { DiffstatList } from './streamed-diffstat';
import type { FileDiffQuery } from './large-change-files';
import { diffFilePath, parseUnifiedDiff } from './parse-unified-diff';
import type { DiffFile } from './parse-unified-diff';
import { useDiffViewType } from './use-diff-view-type';
import '@/components/ui/panel.css';
import './diff.css';

/** A file with more changed lines than this starts folded. */
export const LARGE_FILE_LINES = 400;
/** Once this many lines are shown, the remaining files start folded too. */
export const SHOWN_LINES_BUDGET = 3000;

/** Bitbucket answers 555 when a diff is too large to compute in time. */
export const DIFF_TOO_LARGE_STATUS = 555;

interface ChangesViewProps {
  diffstat: UseQueryResult<DiffstatList>;
  /** The whole diff; not fetched (disabled) for a large change when `fileDiffQuery` is given. */
  diff: UseQueryResult<string>;
  /** For the sentences: "this commit", "this pull request". */
  subject: string;
  /** One file's diff, for changes too large to fetch whole ({@link isLargeChange}). */
  fileDiffQuery?: FileDiffQuery;
}

export function ChangesView({ diffstat, diff, subject, fileDiffQuery }: ChangesViewProps) {
  const [viewType, setViewType] = useDiffViewType();
  const entries = useMemo(() => diffstat.data?.files.map(toDiffstatEntry), [diffstat.data]);
  // Decided on the files listed so far: more files only ever make a change larger.
  const large =
    fileDiffQuery !== undefined &&
    diffstat.data !== undefined &&
    isLargeChange(diffstat.data.files);
  const listing: ListingState =
    diffstat.data === undefined || diffstat.data.complete
      ? 'complete'
      : diffstat.isError && !diffstat.isRefetching
        ? 'cut-short'
        : 'more';
  const files = useMemo(
    () => (diff.data === undefined ? [] : parseUnifiedDiff(diff.data)),
    [diff.data],
  );
  const [overrides, setOverrides] = useState<Record<string, boolean>>({});
  const defaults = useMemo(() => defaultExpansion(files), [files]);
  const anchors = useMemo(() => {
    const byPath = new Map<string, string>();
    files.forEach((file, index) => byPath.set(diffFilePath(file), `diff-file-${index + 1}`));
    return byPath;
  }, [files]);
  const isExpanded = (path: string) => overrides[path] ?? defaults.get(path) ?? true;
  const setAll = (expanded: boolean) =>
    setOverrides(Object.fromEntries(files.map((file) => [diffFilePath(file), expanded])));

  const open = (path: string) => {
    setOverrides((current) => ({ ...current, [path]: true }));
    const id = anchors.get(path);
    // After React shows the file: scroll to it and move focus there for keyboard users.
    requestAnimationFrame(() => {
      const element = id ? document.getElementById(id) : null;
      element?.scrollIntoView?.({ block: 'start' });
      element?.focus({ preventScroll: true });
    });
  };

  return (
    <section className="changes" aria-labelledby="changes-title">
      <div className="changes__toolbar">
        <h2 id="changes-title" className="changes__title">
          Files changed
        </h2>
        {files.length > 1 ? (
          <div className="changes__fold">
            <button type="button" className="button button--small" onClick={() => setAll(true)}>
              Expand all
            </button>
            <button type="button" className="button button--small" onClick={() => setAll(false)}>
              Collapse all
            </button>
          </div>
        ) : null}
        <div className="segmented" role="group" aria-label="Diff layout">
          <button
            type="button"
            className="segmented__option"
            aria-pressed={viewType === 'unified'}
            onClick={() => setViewType('unified')}
          >
            Unified
          </button>
          <button
            type="button"
            className="segmented__option"
            aria-pressed={viewType === 'split'}
            onClick={() => setViewType('split')}
          >
            Side by side
          </button>
        </div>
      </div>

      {diffstat.isPending ? (
        <div className="diffstat card" aria-busy="true">
          <LoadingAnnouncement>Loading the changed files…</LoadingAnnouncement>
          <Skeleton width="40%" height="1rem" />
          <Skeleton width="70%" height="0.85rem" />
          <Skeleton width="55%" height="0.85rem" />
        </div>
      ) : diffstat.isLoadingError ? (
        <QueryErrorPanel
          error={diffstat.error}
          subject={`the files changed in ${subject}`}
          onRetry={() => void diffstat.refetch()}
          isRetrying={diffstat.isRefetching}
        />
      ) : large ? (
        <LargeChangeFiles
          entries={entries ?? []}
          complete={listing === 'complete'}
          fileDiffQuery={fileDiffQuery}
          viewType={viewType}
          subject={subject}
        />
      ) : (
        <DiffstatSummary
          entries={entries ?? []}
          complete={listing === 'complete'}
          anchorFor={(path) => anchors.get(path)}
          onOpen={open}
        />
      )}
      {listing === 'more' ? (
        <p className="diffstat__more" role="status">
          Listing the rest of the changed files…
        </p>
      ) : listing === 'cut-short' ? (
        <QueryErrorPanel
          error={diffstat.error}
          subject={`the rest of the files changed in ${subject}`}
          onRetry={() => void diffstat.refetch()}
          isRetrying={diffstat.isRefetching}
        />
      ) : null}

      {large ||
      // The whole diff waits for the whole list: none is coming when the list failed, at all or part-way.
      (diffstat.isError &&
        diff.fetchStatus === 'idle' &&
        diff.isPending) ? null : diff.isPending ? (
        <div className="diff-file card" aria-busy="true">
          <LoadingAnnouncement>Loading the diff…</LoadingAnnouncement>
          <Skeleton width="35%" height="1rem" />
          <Skeleton width="90%" height="0.85rem" />
          <Skeleton width="80%" height="0.85rem" />
        </div>
      ) : diff.isLoadingError ? (
        isApiError(diff.error) && diff.error.status === DIFF_TOO_LARGE_STATUS ? (
          <section
            className="panel panel--info"
            role="status"
            aria-label="This diff is too large to show"
          >
            <AlertIcon className="icon panel__icon" />
            <div className="panel__body">
              <h3 className="panel__title">This diff is too large to show</h3>
              <p>
                Bitbucket could not produce the diff of {subject} in time. The list of changed files
                above is complete.
              </p>
            </div>
          </section>
        ) : (
          <QueryErrorPanel
            error={diff.error}
            subject={`the diff of ${subject}`}
            onRetry={() => void diff.refetch()}
            isRetrying={diff.isRefetching}
          />
        )
      ) : files.length === 0 ? (
        <p className="changes__empty">No file contents changed in {subject}.</p>
      ) : (
        <div className="changes__files">
          {files.map((file, index) => {
            const path = diffFilePath(file);
            return (
              <DiffFileView
                key={`${index}:${path}`}
                id={`diff-file-${index + 1}`}
                file={file}
                viewType={viewType}
                expanded={isExpanded(path)}
                onToggle={() =>
                  setOverrides((current) => ({ ...current, [path]: !isExpanded(path) }))
                }
              />
            );
          })}
        </div>
      )}
    </section>
  );
}

/** Whether every page of the changed files is listed, more are on their way, or a later page failed. */
type ListingState = 'complete' | 'more' | 'cut-short';

/** Small files open; a large file, or any file once the page already shows plenty, starts folded. */
export function defaultExpansion(files: DiffFile[]): Map<string, boolean> {
  const expansion = new Map<string, boolean>();
  let shown = 0;
  for (const file of files) {
    const lines = file.hunks.reduce((total, hunk) => total + hunk.lines.length, 0);
    const open = lines <= LARGE_FILE_LINES && shown + lines <= SHOWN_LINES_BUDGET;
    if (open) shown += lines;
    expansion.set(diffFilePath(file), open);
  }
  return expansion;
}
