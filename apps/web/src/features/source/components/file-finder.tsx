// The go-to-file finder (`t`): a fuzzy filter over every file at the current commit; arrows, Enter, Escape.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { paths } from '@/config/paths';
import { useTree } from '../api/list-tree';
import type { ResolvedSource } from '../api/resolve-ref';
import { fuzzyFilter } from '../fuzzy-match';
import type { FuzzyMatch } from '../fuzzy-match';

const MAX_RESULTS = 50;

export function FileFinder({
  workspace,
  repo,
  source,
  onClose,
}: {
  workspace: string;
  repo: string;
  source: ResolvedSource;
  onClose: () => void;
}) {
  const tree = useTree(workspace, repo, source.hash, true);
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const titleId = useId();
  const results = useMemo(
    () => (tree.data ? fuzzyFilter(query, tree.data.files, MAX_RESULTS) : []),
    [tree.data, query],
  );
  const activeIndex = Math.min(active, Math.max(0, results.length - 1));

  useEffect(() => {
    const previous = document.activeElement;
    inputRef.current?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);

  useEffect(() => {
    document.getElementById(`${listId}-${activeIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex, listId]);

  function open(match: FuzzyMatch | undefined) {
    if (!match) return;
    onClose();
    void navigate(paths.source(workspace, repo, source.name, match.path));
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive(Math.min(activeIndex + 1, results.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(Math.max(activeIndex - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(results[activeIndex]);
    } else if (event.key === 'Tab') {
      // The finder is modal: keep focus in its field.
      event.preventDefault();
    }
  }

  return (
    <div className="finder-backdrop" onMouseDown={onClose}>
      <div
        className="finder"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="finder__title">
          Go to file <span className="finder__ref">at {source.name}</span>
        </h2>
        <input
          ref={inputRef}
          className="input finder__input"
          type="text"
          role="combobox"
          aria-label="File name"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={results.length > 0 ? `${listId}-${activeIndex}` : undefined}
          placeholder="Type to filter files…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
        />
        {tree.isLoadingError ? (
          <QueryErrorPanel
            error={tree.error}
            subject="the file list"
            onRetry={() => void tree.refetch()}
          />
        ) : tree.isPending ? (
          <p className="finder__status" role="status">
            Loading files…
          </p>
        ) : (
          <>
            <p className="finder__status visually-hidden" role="status">
              {results.length === 0
                ? 'No matching files'
                : `${results.length}${results.length === MAX_RESULTS ? '+' : ''} matching files`}
            </p>
            <ul id={listId} className="finder__results" role="listbox" aria-label="Matching files">
              {results.map((match, index) => (
                <li
                  key={match.path}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === activeIndex}
                  className="finder__result"
                  onMouseMove={() => setActive(index)}
                  onClick={() => open(match)}
                >
                  <HighlightedPath match={match} />
                </li>
              ))}
            </ul>
            {results.length === 0 ? (
              <p className="finder__empty">No file matches “{query}”.</p>
            ) : null}
            {tree.data.truncated ? (
              <p className="finder__empty">
                Only the first {tree.data.files.length} files are searched.
              </p>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

function HighlightedPath({ match }: { match: FuzzyMatch }) {
  const positions = new Set(match.positions);
  return (
    <span className="finder__path">
      {[...match.path].map((char, index) =>
        positions.has(index) ? <mark key={index}>{char}</mark> : char,
      )}
    </span>
  );
}
