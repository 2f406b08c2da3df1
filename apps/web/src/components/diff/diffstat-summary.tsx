// The list of files a change touches, each with its status and line counts, and the totals.
import type { Diffstat } from '@pail/shared/bitbucket';
import type { DiffFileStatus } from './parse-unified-diff';
import { DiffStatusLabel, LineCounts, plural } from './diff-labels';

export interface DiffstatEntry {
  path: string;
  oldPath: string | undefined;
  status: DiffFileStatus;
  added: number;
  removed: number;
}

/** Bitbucket's diffstat entry as the SPA shows it; statuses beyond the four main ones read as modified. */
export function toDiffstatEntry(entry: Diffstat): DiffstatEntry {
  const status: DiffFileStatus =
    entry.status === 'added' || entry.status === 'removed' || entry.status === 'renamed'
      ? entry.status
      : 'modified';
  const newPath = entry.new?.path;
  const oldPath = entry.old?.path;
  return {
    path: newPath ?? oldPath ?? '',
    oldPath: status === 'renamed' ? oldPath : undefined,
    status,
    added: entry.lines_added ?? 0,
    removed: entry.lines_removed ?? 0,
  };
}

interface DiffstatSummaryProps {
  entries: DiffstatEntry[];
  /** False while more pages of files are still coming: the totals are then the ones so far. */
  complete?: boolean;
  /** The id of the file's section in the diff, when the diff shows it. */
  anchorFor: (path: string) => string | undefined;
  onOpen: (path: string) => void;
}

export function DiffstatSummary({
  entries,
  complete = true,
  anchorFor,
  onOpen,
}: DiffstatSummaryProps) {
  const added = entries.reduce((total, entry) => total + entry.added, 0);
  const removed = entries.reduce((total, entry) => total + entry.removed, 0);
  return (
    <div className="diffstat card">
      <p className="diffstat__total">
        <span>
          {plural(entries.length, 'file')} changed{complete ? '' : ' so far'}
        </span>
        <LineCounts added={added} removed={removed} />
      </p>
      <ul className="diffstat__files" aria-label="Changed files">
        {entries.map((entry) => {
          const anchor = anchorFor(entry.path);
          const label = (
            <>
              {entry.oldPath ? (
                <>
                  <span className="diffstat__old-path">{entry.oldPath}</span>
                  <span aria-hidden="true"> → </span>
                  <span className="visually-hidden"> renamed to </span>
                </>
              ) : null}
              {entry.path}
            </>
          );
          return (
            <li key={`${entry.oldPath ?? ''}→${entry.path}`} className="diffstat__file">
              <DiffStatusLabel status={entry.status} />
              {anchor ? (
                <a
                  className="diffstat__path"
                  href={`#${anchor}`}
                  onClick={(event) => {
                    event.preventDefault();
                    onOpen(entry.path);
                  }}
                >
                  {label}
                </a>
              ) : (
                <span className="diffstat__path">{label}</span>
              )}
              <LineCounts added={entry.added} removed={entry.removed} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
