// Small labels shared by the diffstat and the diff: a file's status and its added/removed line counts.
import type { DiffFileStatus } from './parse-unified-diff';

const STATUS_TEXT: Record<DiffFileStatus, string> = {
  added: 'Added',
  removed: 'Deleted',
  modified: 'Modified',
  renamed: 'Renamed',
};

export function DiffStatusLabel({ status }: { status: DiffFileStatus }) {
  return <span className={`diff-label diff-label--${status}`}>{STATUS_TEXT[status]}</span>;
}

/** "+12 −3", read out as "12 lines added, 3 lines removed". */
export function LineCounts({ added, removed }: { added: number; removed: number }) {
  return (
    <span className="diff-counts">
      <span className="diff-counts__added" aria-hidden="true">
        +{added.toLocaleString('en')}
      </span>
      <span className="diff-counts__removed" aria-hidden="true">
        −{removed.toLocaleString('en')}
      </span>
      <span className="visually-hidden">
        {plural(added, 'line')} added, {plural(removed, 'line')} removed
      </span>
    </span>
  );
}

export function plural(count: number, word: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? word : `${word}s`}`;
}
