// A measured figure, its budget, whether the budget is met, and the table they print as.

export type Section = 'proxy' | 'session' | 'spa' | 'journey' | 'scale';

/** `max`: the value must not exceed the limit; `min`: it must reach it; `equals`: exactly it. */
export interface Budget {
  kind: 'max' | 'min' | 'equals';
  limit: number;
}

export interface Figure {
  section: Section;
  name: string;
  /** `null` when the figure could not be measured; `note` then says why. */
  value: number | null;
  unit: string;
  budget?: Budget;
  note?: string;
}

export type Verdict = 'met' | 'unmet' | 'not measured' | '';

/** Whether a figure meets its budget. A figure without a budget is reported, not judged. */
export function verdict(figure: Figure): Verdict {
  if (figure.value === null || !Number.isFinite(figure.value)) {
    return figure.budget ? 'not measured' : '';
  }
  if (!figure.budget) return '';
  const { kind, limit } = figure.budget;
  const ok =
    kind === 'max'
      ? figure.value <= limit
      : kind === 'min'
        ? figure.value >= limit
        : figure.value === limit;
  return ok ? 'met' : 'unmet';
}

/** `a / b`, or `null` when either side is missing or `b` is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

/** The median of some numbers (the mean of the middle two for an even count); `null` for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The smallest value with at least `share` of the sorted `values` at or below it (nearest rank). */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[rank] as number;
}

function decimals(value: number): number {
  const size = Math.abs(value);
  if (size === 0 || size >= 100) return 0;
  if (size >= 10) return 1;
  return 2;
}

/** Units counted in whole things, written in the singular for one. */
const COUNTED = new Set(['calls', 'chunks', 'responses', 'lines', 'rows', 'files']);

export function formatNumber(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value === 1 && COUNTED.has(unit)) unit = unit.slice(0, -1);
  const digits = Number.isInteger(value) ? 0 : decimals(value);
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  if (unit === '') return text;
  if (unit === '×') return `${text}×`;
  if (unit === '%') return `${text} %`;
  return `${text} ${unit}`;
}

export function formatBudget(figure: Figure): string {
  if (!figure.budget) return '';
  const { kind, limit } = figure.budget;
  const sign = kind === 'max' ? '≤' : kind === 'min' ? '≥' : '=';
  return `${sign} ${formatNumber(limit, figure.unit)}`;
}

/** Notes longer than this are cut in the table (the JSON keeps them whole). */
export const NOTE_WIDTH = 72;

function shortNote(note: string): string {
  return note.length > NOTE_WIDTH ? `${note.slice(0, NOTE_WIDTH - 1)}…` : note;
}

/** One row per figure, columns padded: figure | value | budget | met; a note follows the row's value. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    `${figure.section}: ${figure.name}`,
    formatNumber(figure.value, figure.unit) + (figure.note ? ` (${shortNote(figure.note)})` : ''),
    formatBudget(figure),
    verdict(figure),
  ]);
  const header = ['figure', 'value', 'budget', 'met'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** Budgets met, unmet and not measured, for the closing line. */
export function tally(figures: readonly Figure[]): Record<'met' | 'unmet' | 'notMeasured', number> {
  const counts = { met: 0, unmet: 0, notMeasured: 0 };
  for (const figure of figures) {
    const result = verdict(figure);
    if (result === 'met') counts.met += 1;
    else if (result === 'unmet') counts.unmet += 1;
    else if (result === 'not measured') counts.notMeasured += 1;
  }
  return counts;
}
