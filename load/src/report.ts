// What `pnpm load` prints: one table per phase (figure | value | target | met) and a closing line.
import { formatNumber } from '../../bench/src/figures';
import type { MemoryReading } from './inspector';
import type { OutageResult, StoreResult, Target } from './run';
import type { Traffic } from './traffic';

type Row = [figure: string, value: string, target: string, met: string];

const mb = (bytes: number) => formatNumber(bytes / 1_000_000, 'MB');
const ms = (value: number | null) => formatNumber(value, 'ms');
const signed = (share: number) => `${share >= 0 ? '+' : ''}${formatNumber(share * 100, '%')}`;

function errorsText(traffic: Traffic): string {
  const kinds = Object.entries(traffic.errorsByKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, count]) => `${count.toLocaleString('en-US')} × ${kind}`);
  return kinds.length === 0
    ? '0'
    : `${traffic.errors.toLocaleString('en-US')} (${kinds.join(', ')})`;
}

function targetRow(t: Target): Row {
  return [
    t.name,
    formatNumber(t.value, t.unit),
    `≤ ${formatNumber(t.limit, t.unit)}`,
    t.met ? 'met' : 'unmet',
  ];
}

function trafficRows(label: string, traffic: Traffic): Row[] {
  return [
    [`${label}requests`, traffic.requests.toLocaleString('en-US'), '', ''],
    [`${label}errors`, errorsText(traffic), '', ''],
    [`${label}latency p50 / p99`, `${ms(traffic.p50Ms)} / ${ms(traffic.p99Ms)}`, '', ''],
    [`${label}throughput`, formatNumber(traffic.throughput, 'req/s'), '', ''],
  ];
}

function memoryText(reading: MemoryReading): string {
  return `RSS ${mb(reading.rss)}, heap ${mb(reading.heapUsed)} of ${mb(reading.heapTotal)}`;
}

export function storeRows(result: StoreResult): Row[] {
  const { warm, end, after, gone } = result.memory;
  return [
    [
      'sessions signed in',
      `${result.sessions} in ${formatNumber(result.signInSeconds, 's')}`,
      '',
      '',
    ],
    ...trafficRows('', result.traffic),
    ['BFF memory, warm (after warm-up and GC)', memoryText(warm), '', ''],
    ['BFF memory at the end of the load', memoryText(end), '', ''],
    [
      'BFF memory after, idle, signed in (GC)',
      `${memoryText(after)} (heap ${signed(result.idleHeapGrowth)})`,
      '',
      '',
    ],
    [
      'BFF memory once everyone signed out (GC)',
      `${memoryText(gone)} (heap ${signed(result.heapGrowth)}, RSS ${signed(result.rssGrowth)}; ` +
        `${result.signedOut} signed out)`,
      '',
      '',
    ],
    ...result.targets.map(targetRow),
  ];
}

export function outageRows(result: OutageResult): Row[] {
  const s = (seconds: number) => formatNumber(seconds, 's');
  return [
    ['sessions under load', String(result.sessions), '', ''],
    [
      'Redis stopped / started / BFF ready again',
      `${s(result.stoppedAt)} / ${s(result.restartedAt)} / ${s(result.readyAt)} (ready ${formatNumber((result.readyAt - result.restartedAt) * 1000, 'ms')} after Redis)`,
      '',
      '',
    ],
    [
      '/readyz during the outage',
      String(result.readyzDuringOutage),
      '= 503',
      result.readyzDuringOutage === 503 ? 'met' : 'unmet',
    ],
    ...trafficRows('before: ', result.before),
    ...trafficRows('during: ', result.during),
    ...trafficRows('after: ', result.after),
    ...result.targets.map(targetRow),
  ];
}

export function formatRows(title: string, rows: readonly Row[]): string {
  const header: Row = ['figure', 'value', 'target', 'met'];
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    title,
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
