// A text file with line numbers and Bitbucket's linkable line ranges (#lines-10, #lines-10:20); highlighted
// by Shiki once its grammar has loaded, and virtualised when long.
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, MouseEvent, ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { HighlightedLine } from '@/lib/highlight';

/**
 * Text longer than this stays plain. Shorter text is shown plain at once and highlighted in slices that
 * hand the main thread back between them; past this size the colours would arrive too late to help.
 */
export const MAX_HIGHLIGHT_CHARS = 1_000_000;
/** Files with more lines than this render only the lines on screen. */
const VIRTUALIZE_FROM_LINES = 2_000;
const LINE_HEIGHT = 20;

export interface LineRange {
  start: number;
  end: number;
}

/** Reads `#lines-10` or `#lines-10:20` (either order), bounded by the file's length. */
export function parseLineRange(hash: string, lineCount: number): LineRange | null {
  const match = /^#lines-(\d+)(?::(\d+))?$/.exec(hash);
  if (!match) return null;
  const first = Number(match[1]);
  const second = match[2] === undefined ? first : Number(match[2]);
  const start = Math.max(1, Math.min(first, second));
  const end = Math.min(lineCount, Math.max(first, second));
  return start <= end ? { start, end } : null;
}

export function formatLineRange({ start, end }: LineRange): string {
  return start === end ? `#lines-${start}` : `#lines-${start}:${end}`;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function tokenStyle(light?: string, dark?: string, fontStyle?: number): CSSProperties {
  const style: Record<string, string> = {};
  if (light) style['--shiki-light'] = light;
  if (dark) style['--shiki-dark'] = dark;
  if (fontStyle && fontStyle & 1) style.fontStyle = 'italic';
  if (fontStyle && fontStyle & 2) style.fontWeight = '600';
  return style as CSSProperties;
}

export function CodeView({
  text,
  language,
  name,
}: {
  text: string;
  language: string | undefined;
  name: string;
}) {
  const lines = useMemo(() => splitLines(text), [text]);
  const [highlighted, setHighlighted] = useState<{
    text: string;
    lines: HighlightedLine[];
    /** Where the highlighting ran: `worker`, or `page` where no worker could start. */
    ranIn: 'worker' | 'page';
  } | null>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const selection = parseLineRange(location.hash, lines.length);
  const [initialSelection] = useState(selection);
  const virtual = lines.length > VIRTUALIZE_FROM_LINES;

  useEffect(() => {
    if (!language || text.length > MAX_HIGHLIGHT_CHARS) return;
    const controller = new AbortController();
    import('@/lib/highlight-client')
      .then(({ highlight }) => highlight(text, language, controller.signal))
      .then(({ lines: result, ranIn }) => {
        if (!controller.signal.aborted) setHighlighted({ text, lines: result, ranIn });
      })
      .catch(() => {
        // Unhighlighted text is still the file (and an abort means another file is shown).
      });
    return () => controller.abort();
  }, [text, language]);

  function select(event: MouseEvent<HTMLAnchorElement>, line: number) {
    event.preventDefault();
    const range =
      event.shiftKey && selection
        ? line < selection.start
          ? { start: line, end: selection.end }
          : { start: selection.start, end: line }
        : { start: line, end: line };
    void navigate(
      { pathname: location.pathname, search: location.search, hash: formatLineRange(range) },
      { replace: true, preventScrollReset: true },
    );
  }

  const tokens = highlighted?.text === text ? highlighted.lines : undefined;
  const renderLine = (index: number, style?: CSSProperties) => {
    const number = index + 1;
    const isSelected = selection !== null && number >= selection.start && number <= selection.end;
    const lineTokens = tokens?.[index];
    return (
      <div
        key={number}
        id={`lines-${number}`}
        className={`code-line${isSelected ? ' is-selected' : ''}`}
        data-line={number}
        style={style}
      >
        <a
          className="code-line__number"
          href={`#lines-${number}`}
          onClick={(event) => select(event, number)}
          aria-label={`Line ${number}`}
        >
          {number}
        </a>
        <span className="code-line__text">
          {lineTokens
            ? lineTokens.map((token, tokenIndex) => (
                <span key={tokenIndex} style={tokenStyle(token.light, token.dark, token.fontStyle)}>
                  {token.content}
                </span>
              ))
            : lines[index] || '\n'}
        </span>
      </div>
    );
  };

  return (
    <div className="code-view" data-highlighted={tokens ? highlighted?.ranIn : undefined}>
      {selection ? (
        <p className="code-view__selection" role="status">
          {selection.start === selection.end
            ? `Line ${selection.start} selected`
            : `Lines ${selection.start}–${selection.end} selected`}
        </p>
      ) : null}
      {/* A focusable region, so keyboard users can scroll long lines sideways. */}
      <div
        className="code-view__scroller"
        role="region"
        aria-label={`Contents of ${name}`}
        tabIndex={0}
      >
        {virtual ? (
          <VirtualLines count={lines.length} renderLine={renderLine} initial={initialSelection} />
        ) : (
          <div className="code-view__lines">
            <ScrollToSelection initial={initialSelection} />
            {lines.map((_, index) => renderLine(index))}
          </div>
        )}
      </div>
    </div>
  );
}

/** On first show, brings a range from the URL (a shared link, a reload) into view. */
function ScrollToSelection({ initial }: { initial: LineRange | null }) {
  useEffect(() => {
    if (!initial) return;
    document.getElementById(`lines-${initial.start}`)?.scrollIntoView?.({ block: 'center' });
  }, [initial]);
  return null;
}

function VirtualLines({
  count,
  renderLine,
  initial,
}: {
  count: number;
  renderLine: (index: number, style?: CSSProperties) => ReactNode;
  initial: LineRange | null;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: () => LINE_HEIGHT,
    overscan: 40,
    scrollMargin: offset,
  });
  useEffect(() => {
    if (initial) virtualizer.scrollToIndex(initial.start - 1, { align: 'center' });
  }, [initial, virtualizer]);

  return (
    <div
      ref={listRef}
      className="code-view__lines"
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((item) =>
        renderLine(item.index, {
          position: 'absolute',
          top: 0,
          left: 0,
          minWidth: '100%',
          transform: `translateY(${item.start - offset}px)`,
        }),
      )}
    </div>
  );
}
