// The diff layout the user picked (unified or side by side), remembered in localStorage across pages and tabs.
import { useCallback, useSyncExternalStore } from 'react';

export type DiffViewType = 'unified' | 'split';

export const DIFF_VIEW_STORAGE_KEY = 'pail.diff-view';
const listeners = new Set<() => void>();

function readViewType(): DiffViewType {
  try {
    return window.localStorage.getItem(DIFF_VIEW_STORAGE_KEY) === 'split' ? 'split' : 'unified';
  } catch {
    // Storage can be blocked (privacy settings); the default layout still works.
    return 'unified';
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === DIFF_VIEW_STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The current layout and a setter that stores it and updates every diff on the page. */
export function useDiffViewType(): [DiffViewType, (viewType: DiffViewType) => void] {
  const viewType = useSyncExternalStore(subscribe, readViewType, () => 'unified' as const);
  const setViewType = useCallback((next: DiffViewType) => {
    try {
      window.localStorage.setItem(DIFF_VIEW_STORAGE_KEY, next);
    } catch {
      // Not remembered, but the listeners below still switch this page.
    }
    for (const listener of listeners) listener();
  }, []);
  return [viewType, setViewType];
}
