// The ref switcher's popover: a filter (combobox) over Bitbucket's branch and tag names, grouped in one listbox.
import { useEffect, useId, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent, MouseEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { BranchIcon, CheckIcon, TagIcon } from '@/components/ui/icons';
import { REF_NAMES_PAGE_LENGTH, useRefNames } from '../api/list-refs';
import type { RefKind } from '../api/list-refs';
import type { ResolvedSource } from '../api/resolve-ref';

/** How long typing pauses before the filter goes to Bitbucket. */
export const REF_FILTER_DEBOUNCE_MS = 200;

/** A branch or tag the user can choose. */
export interface RefOption {
  kind: RefKind;
  name: string;
}

const GROUPS = [
  { kind: 'branch', label: 'Branches', plural: 'branches' },
  { kind: 'tag', label: 'Tags', plural: 'tags' },
] as const;

/**
 * Orders one group's names: the main branch first, and, with no filter, the main branch and the current
 * ref added when they lie beyond the first page.
 */
export function arrangeRefNames(
  names: string[],
  { main, current, unfiltered }: { main?: string; current?: string; unfiltered: boolean },
): string[] {
  let arranged = names;
  if (current && unfiltered && !arranged.includes(current)) arranged = [current, ...arranged];
  if (main && (unfiltered || arranged.includes(main))) {
    arranged = [main, ...arranged.filter((name) => name !== main)];
  }
  return arranged;
}

/** The names containing `term`, ignoring case, as Bitbucket's `name ~ "term"` matches them. */
export function narrowRefNames(names: string[], term: string): string[] {
  const needle = term.toLowerCase();
  return needle === '' ? names : names.filter((name) => name.toLowerCase().includes(needle));
}

export function RefSwitcherPopover({
  id,
  workspace,
  repo,
  source,
  mainBranch,
  onChoose,
  onClose,
}: {
  id: string;
  workspace: string;
  repo: string;
  source: ResolvedSource;
  mainBranch: string | undefined;
  onChoose: (option: RefOption) => void;
  /** Closes the popover; `returnFocus` puts the keyboard back on the switcher's button. */
  onClose: (returnFocus: boolean) => void;
}) {
  const [filter, setFilter] = useState('');
  const [search, setSearch] = useState('');
  const currentKey = `${source.kind}:${source.name}`;
  const [activeKey, setActiveKey] = useState<string | null>(currentKey);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const branches = useRefNames(workspace, repo, 'branch', search);
  const tags = useRefNames(workspace, repo, 'tag', search);
  const queries = { branch: branches, tag: tags };

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    const term = filter.trim();
    if (term === search) return;
    const timer = setTimeout(() => setSearch(term), REF_FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filter, search]);

  const typed = filter.trim();
  const arranged = GROUPS.map((group) => {
    const query = queries[group.kind];
    // Until Bitbucket answers for what was just typed, narrow the names already here the way its `~`
    // does, so that Enter never picks a ref the filter rules out.
    const names = narrowRefNames(query.data?.names ?? [], typed);
    return {
      ...group,
      query,
      names: arrangeRefNames(names, {
        main: group.kind === 'branch' ? mainBranch : undefined,
        current: source.kind === group.kind ? source.name : undefined,
        unfiltered: typed === '' && search === '',
      }),
    };
  });
  // Options are numbered across both groups, for the arrow keys and `aria-activedescendant`.
  const groups = arranged.map((group, position) => ({
    ...group,
    offset: arranged.slice(0, position).reduce((sum, previous) => sum + previous.names.length, 0),
  }));
  const options: RefOption[] = groups.flatMap((group) =>
    group.names.map((name) => ({ kind: group.kind, name })),
  );
  const keyOf = (option: RefOption) => `${option.kind}:${option.name}`;
  const foundIndex = options.findIndex((option) => keyOf(option) === activeKey);
  const activeIndex = foundIndex === -1 ? 0 : foundIndex;
  const activeId = options.length > 0 ? `${listId}-${activeIndex}` : undefined;
  const settled =
    typed === search &&
    groups.every((group) => group.query.isSuccess && !group.query.isPlaceholderData);
  const failed = groups.filter((group) => group.query.isLoadingError);

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  function moveTo(index: number) {
    const option = options[Math.max(0, Math.min(index, options.length - 1))];
    if (option) setActiveKey(keyOf(option));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      moveTo(activeIndex + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      moveTo(activeIndex - 1);
    } else if (event.key === 'PageDown') {
      event.preventDefault();
      moveTo(activeIndex + 10);
    } else if (event.key === 'PageUp') {
      event.preventDefault();
      moveTo(activeIndex - 10);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = options[activeIndex];
      if (option) onChoose(option);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    }
  }

  // Clicks inside the popover leave the keyboard in the filter, so arrows and typing keep working.
  function keepFocus(event: MouseEvent<HTMLDivElement>) {
    if (event.target !== inputRef.current && !(event.target as Element).closest('button')) {
      event.preventDefault();
    }
  }

  // Tab, Shift+Tab or a click elsewhere moves the focus out: the list closes and the focus goes on.
  function onBlur(event: FocusEvent<HTMLDivElement>) {
    if (!event.currentTarget.contains(event.relatedTarget)) onClose(false);
  }

  return (
    <div
      id={id}
      className="ref-switcher__popover"
      role="dialog"
      aria-label="Switch branch or tag"
      onMouseDown={keepFocus}
      onBlur={onBlur}
    >
      <input
        ref={inputRef}
        className="input ref-switcher__filter"
        type="text"
        role="combobox"
        aria-label="Filter branches and tags"
        aria-expanded={options.length > 0}
        aria-controls={options.length > 0 ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        placeholder="Filter branches and tags"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        value={filter}
        onChange={(event) => {
          setFilter(event.target.value);
          setActiveKey(null);
        }}
        onKeyDown={onKeyDown}
      />

      <p className="visually-hidden" role="status">
        {settled ? summary(groups, search) : ''}
      </p>

      {options.length > 0 ? (
        <div
          id={listId}
          className="ref-switcher__list"
          role="listbox"
          aria-label="Branches and tags"
          tabIndex={-1}
        >
          {groups.map((group) => {
            if (group.names.length === 0) return null;
            const labelId = `${listId}-${group.kind}`;
            return (
              <div key={group.kind} role="group" aria-labelledby={labelId}>
                <div id={labelId} role="presentation" className="ref-switcher__group-label">
                  {group.label}
                </div>
                {group.names.map((name, position) => {
                  const optionIndex = group.offset + position;
                  const optionId = `${listId}-${optionIndex}`;
                  const isMain = group.kind === 'branch' && name === mainBranch;
                  const isCurrent = `${group.kind}:${name}` === currentKey;
                  const described = [
                    isMain ? `${optionId}-main` : '',
                    isCurrent ? `${optionId}-current` : '',
                  ].filter(Boolean);
                  return (
                    <div
                      key={name}
                      id={optionId}
                      role="option"
                      aria-selected={optionIndex === activeIndex}
                      aria-describedby={described.length > 0 ? described.join(' ') : undefined}
                      className="ref-switcher__option"
                      onMouseMove={() => setActiveKey(`${group.kind}:${name}`)}
                      onClick={() => onChoose({ kind: group.kind, name })}
                    >
                      {group.kind === 'branch' ? <BranchIcon /> : <TagIcon />}
                      <span className="ref-switcher__option-name">{name}</span>
                      {/* The markers describe the option rather than name it: its name is the ref's. */}
                      {isMain ? (
                        <span id={`${optionId}-main`} aria-hidden="true">
                          <Badge>Main branch</Badge>
                        </span>
                      ) : null}
                      {isCurrent ? (
                        <span className="ref-switcher__current" aria-hidden="true">
                          <CheckIcon />
                          <span id={`${optionId}-current`} className="visually-hidden">
                            Current
                          </span>
                        </span>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      ) : null}

      {settled && options.length === 0 ? (
        <p className="ref-switcher__note">No branch or tag matches “{search}”.</p>
      ) : null}
      {!settled && failed.length === 0 && options.length === 0 ? (
        <p className="ref-switcher__note">
          {typed === '' && search === '' ? 'Loading branches and tags…' : 'Searching…'}
        </p>
      ) : null}
      {groups.map((group) =>
        group.query.data?.truncated ? (
          <p key={group.kind} className="ref-switcher__note">
            {search === ''
              ? `Showing the first ${REF_NAMES_PAGE_LENGTH} ${group.plural}; type to find the others.`
              : `More ${group.plural} match; type more of the name.`}
          </p>
        ) : null,
      )}
      {failed.map((group) => (
        <p key={group.kind} className="ref-switcher__note ref-switcher__note--error" role="alert">
          Could not load {group.plural}: {group.query.error?.message}{' '}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              void group.query.refetch();
              // The button goes once the list loads: keep the keyboard in the filter.
              inputRef.current?.focus();
            }}
          >
            Try again
          </button>
        </p>
      ))}
    </div>
  );
}

function summary(groups: Array<{ names: string[]; plural: string }>, search: string): string {
  const [branches, tags] = groups.map((group) => group.names.length);
  if (branches === 0 && tags === 0) return `No branch or tag matches “${search}”`;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${count(branches ?? 0, 'branch', 'branches')} and ${count(tags ?? 0, 'tag', 'tags')}`;
}
