import { describe, expect, it } from 'vitest';
import type { Figure } from './figures';
import { formatTable, median, percentile, ratio, tally, verdict } from './figures';

const figure = (value: number | null, budget?: Figure['budget']): Figure => ({
  section: 'proxy',
  name: 'Pail / bare median latency',
  value,
  unit: '×',
  budget,
});

describe('verdict', () => {
  it('meets a maximum at the limit and misses it just above', () => {
    expect(verdict(figure(1.15, { kind: 'max', limit: 1.15 }))).toBe('met');
    expect(verdict(figure(1.1501, { kind: 'max', limit: 1.15 }))).toBe('unmet');
  });

  it('meets a minimum at the limit and misses it just below', () => {
    expect(verdict(figure(0.85, { kind: 'min', limit: 0.85 }))).toBe('met');
    expect(verdict(figure(0.8499, { kind: 'min', limit: 0.85 }))).toBe('unmet');
  });

  it('needs exactly the value for an equality budget', () => {
    expect(verdict(figure(0, { kind: 'equals', limit: 0 }))).toBe('met');
    expect(verdict(figure(1, { kind: 'equals', limit: 0 }))).toBe('unmet');
  });

  it('never counts a missing or impossible value as met', () => {
    expect(verdict(figure(null, { kind: 'max', limit: 1.15 }))).toBe('not measured');
    expect(verdict(figure(Number.NaN, { kind: 'max', limit: 1.15 }))).toBe('not measured');
    expect(verdict(figure(Number.POSITIVE_INFINITY, { kind: 'max', limit: 1.15 }))).toBe(
      'not measured',
    );
  });

  it('judges nothing without a budget', () => {
    expect(verdict(figure(42))).toBe('');
  });
});

describe('ratio, median and percentile', () => {
  it('divides, and refuses a missing side or a zero divisor', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });

  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('picks the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('formatTable', () => {
  it('prints one aligned row per figure with its value, budget and verdict', () => {
    const table = formatTable([
      figure(1.2345, { kind: 'max', limit: 1.15 }),
      {
        section: 'spa',
        name: 'first-load JavaScript, gzip',
        value: 96.4,
        unit: 'kB',
        budget: { kind: 'max', limit: 110 },
      },
      {
        section: 'session',
        name: 'SQLite store',
        value: null,
        unit: 'µs',
        note: 'store not available',
      },
    ]).split('\n');
    expect(table[0]).toMatch(/^\| figure +\| value +\| budget +\| met +\|$/);
    expect(table[2]).toContain('| 1.23× ');
    expect(table[2]).toContain('| ≤ 1.15× ');
    expect(table[2]).toMatch(/\| unmet +\|$/);
    expect(table[3]).toContain('| 96.4 kB ');
    expect(table[3]).toMatch(/\| met +\|$/);
    expect(table[4]).toContain('— (store not available)');
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
  });

  it('writes one counted thing in the singular and cuts long notes', () => {
    const table = formatTable([
      { section: 'journey', name: 'calls', value: 1, unit: 'calls', note: 'x'.repeat(200) },
    ]);
    expect(table).toContain('1 call (');
    expect(table).toContain('…)');
    expect(table).not.toContain('x'.repeat(100));
  });
});

describe('tally', () => {
  it('counts met, unmet and unmeasured budgets, not figures without one', () => {
    expect(
      tally([
        figure(1, { kind: 'max', limit: 1.15 }),
        figure(2, { kind: 'max', limit: 1.15 }),
        figure(null, { kind: 'max', limit: 1.15 }),
        figure(5),
      ]),
    ).toEqual({ met: 1, unmet: 1, notMeasured: 1 });
  });
});
