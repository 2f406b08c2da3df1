// A "Search branches/tags" box: typing updates the URL's `?search=` after a short pause (or at once on Enter).
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { SearchIcon } from '@/components/ui/icons';

export const REF_SEARCH_DEBOUNCE_MS = 250;

export function RefSearchBox({
  value,
  label,
  placeholder,
  onSearch,
}: {
  /** The search in the URL. */
  value: string;
  label: string;
  placeholder: string;
  onSearch: (term: string) => void;
}) {
  const inputId = useId();
  const [term, setTerm] = useState(value);
  // Follow the URL when it changes from outside (back/forward, "Clear search").
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    setLastValue(value);
    setTerm(value);
  }

  const commit = useEffectEvent((next: string) => onSearch(next));
  useEffect(() => {
    if (term === value) return;
    const timer = setTimeout(() => commit(term), REF_SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [term, value]);

  return (
    <form
      role="search"
      className="ref-search"
      onSubmit={(event) => {
        event.preventDefault();
        if (term !== value) onSearch(term);
      }}
    >
      <label className="visually-hidden" htmlFor={inputId}>
        {label}
      </label>
      <SearchIcon className="icon ref-search__icon" />
      <input
        id={inputId}
        className="input ref-search__input"
        type="search"
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        value={term}
        onChange={(event) => setTerm(event.target.value)}
      />
    </form>
  );
}
