// One file of a diff: a header that folds it, labels for added/removed/renamed/binary, and its lines.
import type { DiffFile, DiffHunk, DiffLine } from './parse-unified-diff';
import { diffFilePath } from './parse-unified-diff';
import { DiffStatusLabel, LineCounts } from './diff-labels';
import type { DiffViewType } from './use-diff-view-type';

interface DiffFileViewProps {
  file: DiffFile;
  /** The element id other parts of the page link to. */
  id: string;
  viewType: DiffViewType;
  expanded: boolean;
  onToggle: () => void;
}

export function DiffFileView({ file, id, viewType, expanded, onToggle }: DiffFileViewProps) {
  const path = diffFilePath(file);
  const bodyId = `${id}-body`;
  const lineCount = file.hunks.reduce((total, hunk) => total + hunk.lines.length, 0);
  return (
    <section className="diff-file card" id={id} aria-label={path} tabIndex={-1}>
      <header className="diff-file__header">
        <button
          type="button"
          className="diff-file__toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={onToggle}
        >
          <span className="diff-file__chevron" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          <span className="diff-file__path">
            {file.status === 'renamed' && file.oldPath ? (
              <>
                <span className="diff-file__old-path">{file.oldPath}</span>
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> renamed to </span>
              </>
            ) : null}
            {path}
          </span>
        </button>
        <span className="diff-file__labels">
          <DiffStatusLabel status={file.status} />
          {file.binary ? <span className="diff-label diff-label--binary">Binary</span> : null}
          {file.binary ? null : <LineCounts added={file.added} removed={file.removed} />}
        </span>
      </header>
      {expanded ? (
        <div className="diff-file__body" id={bodyId}>
          {file.binary ? (
            <p className="diff-file__note">Binary file not shown.</p>
          ) : file.hunks.length === 0 ? (
            <p className="diff-file__note">
              {file.status === 'renamed'
                ? 'Renamed without changes to its content.'
                : file.oldMode && file.newMode && file.oldMode !== file.newMode
                  ? `File mode changed from ${file.oldMode} to ${file.newMode}.`
                  : 'No changes to show.'}
            </p>
          ) : (
            <div className="diff-file__scroll">
              <table className={`diff-table diff-table--${viewType}`}>
                <caption className="visually-hidden">Changes to {path}</caption>
                {viewType === 'split' ? <SplitColumns /> : <UnifiedColumns />}
                {file.hunks.map((hunk, index) => (
                  <tbody key={index}>
                    <tr className="diff-hunk">
                      <td colSpan={4}>{hunk.header}</td>
                    </tr>
                    {viewType === 'split' ? <SplitRows hunk={hunk} /> : <UnifiedRows hunk={hunk} />}
                  </tbody>
                ))}
              </table>
            </div>
          )}
        </div>
      ) : (
        <div className="diff-file__body" id={bodyId} hidden />
      )}
      {!expanded && lineCount > 0 ? (
        <p className="diff-file__collapsed-note">
          {lineCount.toLocaleString('en')} lines hidden.{' '}
          <button type="button" className="button button--small" onClick={onToggle}>
            Show the changes
          </button>
        </p>
      ) : null}
    </section>
  );
}

function UnifiedColumns() {
  return (
    <colgroup>
      <col className="diff-table__number" />
      <col className="diff-table__number" />
      <col className="diff-table__sign" />
      <col />
    </colgroup>
  );
}

function SplitColumns() {
  return (
    <colgroup>
      <col className="diff-table__number" />
      <col />
      <col className="diff-table__number" />
      <col />
    </colgroup>
  );
}

function UnifiedRows({ hunk }: { hunk: DiffHunk }) {
  return hunk.lines.map((line, index) => (
    <tr key={index} className={`diff-line diff-line--${line.kind}`}>
      <td className="diff-line__number">{line.oldNumber}</td>
      <td className="diff-line__number">{line.newNumber}</td>
      <td className="diff-line__sign">
        <Sign kind={line.kind} />
      </td>
      <td className="diff-line__code">{line.content}</td>
    </tr>
  ));
}

function SplitRows({ hunk }: { hunk: DiffHunk }) {
  return pairLines(hunk.lines).map(({ left, right }, index) => (
    <tr key={index} className="diff-line">
      <SplitSide line={left} number={left?.oldNumber} />
      <SplitSide line={right} number={right?.newNumber} />
    </tr>
  ));
}

function SplitSide({ line, number }: { line: DiffLine | undefined; number: number | undefined }) {
  if (!line) {
    return (
      <>
        <td className="diff-line__number diff-line--empty" />
        <td className="diff-line__code diff-line--empty" />
      </>
    );
  }
  return (
    <>
      <td className={`diff-line__number diff-line--${line.kind}`}>{number}</td>
      <td className={`diff-line__code diff-line--${line.kind}`}>
        <Sign kind={line.kind} />
        {line.content}
      </td>
    </>
  );
}

/** A visible `+`/`−` (colour alone is not enough) that a screen reader reads as a word. */
function Sign({ kind }: { kind: DiffLine['kind'] }) {
  if (kind === 'context') return <span className="diff-line__marker" aria-hidden="true" />;
  return (
    <>
      <span className="diff-line__marker" aria-hidden="true">
        {kind === 'added' ? '+' : '−'}
      </span>
      <span className="visually-hidden">{kind === 'added' ? 'Added: ' : 'Removed: '}</span>
    </>
  );
}

/** Side by side: context on both sides; a run of removals is paired with the additions that follow it. */
export function pairLines(lines: DiffLine[]): Array<{ left?: DiffLine; right?: DiffLine }> {
  const rows: Array<{ left?: DiffLine; right?: DiffLine }> = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    for (let index = 0; index < Math.max(removed.length, added.length); index += 1) {
      rows.push({ left: removed[index], right: added[index] });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.kind === 'removed') {
      if (added.length > 0) flush();
      removed.push(line);
    } else if (line.kind === 'added') {
      added.push(line);
    } else {
      flush();
      rows.push({ left: line, right: line });
    }
  }
  flush();
  return rows;
}
