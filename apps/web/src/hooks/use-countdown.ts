// Counts whole seconds down to zero, e.g. for "try again in 12 s" after a rate limit.
import { useEffect, useState } from 'react';

/** Starts at `seconds`; restarts whenever `seconds` or `startedBy` (e.g. the error object) changes. */
export function useCountdown(seconds: number | undefined, startedBy?: unknown): number | undefined {
  const [state, setState] = useState({ seconds, startedBy, remaining: seconds });
  if (state.seconds !== seconds || state.startedBy !== startedBy) {
    setState({ seconds, startedBy, remaining: seconds });
  }

  useEffect(() => {
    if (seconds === undefined || seconds <= 0) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setState((current) => ({ ...current, remaining }));
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds, startedBy]);

  return state.seconds === seconds && state.startedBy === startedBy ? state.remaining : seconds;
}
