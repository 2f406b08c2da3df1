// Props that prefetch what a link leads to: on focus at once, on hover once the pointer rests on it briefly.
import { useEffect, useRef } from 'react';

/**
 * How long the pointer rests on a link before its page is prefetched: long enough that sweeping across a
 * list fetches nothing, short enough that the data has usually arrived when the click lands.
 */
export const HOVER_INTENT_MS = 80;

export function usePrefetchIntent(prefetch: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return {
    onMouseEnter: () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(prefetch, HOVER_INTENT_MS);
    },
    onMouseLeave: () => clearTimeout(timer.current),
    onFocus: prefetch,
  };
}
