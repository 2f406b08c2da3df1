// Turns recorded responses into figures: counts, errors by kind, latency percentiles, throughput, and how
// the responses fall around a store outage.
import { percentile } from '../../bench/src/figures';
import type { Sample } from './browse';

export interface Traffic {
  requests: number;
  errors: number;
  /** Errors by kind, e.g. `503 store_unavailable`, `502 upstream_unavailable`, `no answer (ECONNRESET)`. */
  errorsByKind: Record<string, number>;
  /** Send to last byte, ms, over every response; `null` with none. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Responses per second over `seconds`. */
  throughput: number;
  seconds: number;
}

export function isError(sample: Sample): boolean {
  return sample.status < 200 || sample.status >= 300;
}

export function errorKind(sample: Sample): string {
  if (sample.status === 0) return `no answer (${sample.code ?? 'unknown'})`;
  return sample.code === undefined ? String(sample.status) : `${sample.status} ${sample.code}`;
}

export function summarise(samples: readonly Sample[], seconds: number): Traffic {
  const times = samples.map((sample) => sample.end - sample.start).sort((a, b) => a - b);
  const errorsByKind: Record<string, number> = {};
  let errors = 0;
  for (const sample of samples) {
    if (!isError(sample)) continue;
    errors += 1;
    const kind = errorKind(sample);
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  }
  return {
    requests: samples.length,
    errors,
    errorsByKind,
    p50Ms: times.length > 0 ? percentile(times, 0.5) : null,
    p99Ms: times.length > 0 ? percentile(times, 0.99) : null,
    throughput: seconds > 0 ? samples.length / seconds : 0,
    seconds,
  };
}

/** The answer the BFF owes while its store is down (never a 500 or 502 of its own). */
export const STORE_DOWN_KIND = '503 store_unavailable';

export interface OutageSplit {
  /** Finished before the store went down. */
  before: Sample[];
  /** In flight at any moment from the store stopping until the BFF was ready again. */
  during: Sample[];
  /** Sent once the BFF was ready again. */
  after: Sample[];
}

/** `down` and `ready` in the samples' time (ms since the phase began). */
export function splitAroundOutage(
  samples: readonly Sample[],
  down: number,
  ready: number,
): OutageSplit {
  const split: OutageSplit = { before: [], during: [], after: [] };
  for (const sample of samples) {
    if (sample.end <= down) split.before.push(sample);
    else if (sample.start >= ready) split.after.push(sample);
    else split.during.push(sample);
  }
  return split;
}

/** Errors during the outage other than the expected 503 `store_unavailable`, by kind. */
export function unexpectedDuringOutage(during: readonly Sample[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const sample of during) {
    if (!isError(sample)) continue;
    const kind = errorKind(sample);
    if (kind !== STORE_DOWN_KIND) kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}
