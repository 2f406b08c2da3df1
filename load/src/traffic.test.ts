import { describe, expect, it } from 'vitest';
import type { Sample } from './browse';
import { splitAroundOutage, summarise, unexpectedDuringOutage } from './traffic';

const ok = (start: number, end: number): Sample => ({ start, end, status: 200, page: 'file' });
const failed = (start: number, end: number, status: number, code?: string): Sample => ({
  start,
  end,
  status,
  page: 'file',
  ...(code === undefined ? {} : { code }),
});

describe('summarising the responses', () => {
  it('counts requests and errors by kind, and takes percentiles over every response', () => {
    const samples = [
      ...Array.from({ length: 98 }, (_, i) => ok(i, i + 10)),
      failed(0, 500, 503, 'store_unavailable'),
      failed(0, 900, 0, 'ECONNRESET'),
    ];
    const traffic = summarise(samples, 4);
    expect(traffic).toMatchObject({
      requests: 100,
      errors: 2,
      errorsByKind: { '503 store_unavailable': 1, 'no answer (ECONNRESET)': 1 },
      p50Ms: 10,
      p99Ms: 500,
      throughput: 25,
    });
  });

  it('reports no latency for no responses rather than a made-up one', () => {
    expect(summarise([], 10)).toMatchObject({ requests: 0, errors: 0, p50Ms: null, p99Ms: null });
  });
});

describe('responses around a store outage', () => {
  it('counts a response as during the outage when it was in flight at any time while the store was unusable', () => {
    const samples = [ok(0, 99), ok(90, 101), ok(150, 160), ok(190, 210), ok(200, 230)];
    const split = splitAroundOutage(samples, 100, 200);
    expect(split.before).toEqual([ok(0, 99)]);
    expect(split.during).toEqual([ok(90, 101), ok(150, 160), ok(190, 210)]);
    expect(split.after).toEqual([ok(200, 230)]);
  });

  it('singles out every error other than 503 store_unavailable during the outage', () => {
    const during = [
      ok(0, 1),
      failed(0, 1, 503, 'store_unavailable'),
      failed(0, 1, 500, 'internal'),
      failed(0, 1, 502, 'upstream_unavailable'),
      failed(0, 1, 503),
    ];
    expect(unexpectedDuringOutage(during)).toEqual({
      '500 internal': 1,
      '502 upstream_unavailable': 1,
      '503': 1,
    });
  });
});
