// A search box for a list whose search lives in the URL: typing updates it after a short pause (at once on Enter).
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { SearchIcon } from './icons';
import './search-box.css';

export const SEARCH_DEBOUNCE_MS = 250;

export function SearchBox({
  value,
  label,
  placeholder,
  onSearch,
}: {
  /** The search in the URL. */
  value: string;
  /** The accessible name ("Search repositories"). */
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
    const timer = setTimeout(() => commit(term), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [term, value]);

  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (term !== value) onSearch(term);
      }}
    >
      <label className="visually-hidden" htmlFor={inputId}>
        {label}
      </label>
      <SearchIcon className="icon search-box__icon" />
      <input
        id={inputId}
        className="input search-box__input"
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
