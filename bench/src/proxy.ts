// Proxy overhead: autocannon against the emulator directly, through a bare pass-through proxy (the budget's
// reference, fetch out; and for information the same with node:http out), and through Pail's BFF with a
// real session, with the same settings, one after the other in one run.
import autocannon from 'autocannon';
import { cpuSeconds } from './cpu-time';
import type { Figure } from './figures';
import { percentile, ratio } from './figures';
import type { BenchStack } from './stack';
import { BASIC_AUTHORIZATION, clearUpstreamCalls, signInWithToken } from './stack';

export const PROXY_SETTINGS = {
  /** A repository's JSON: a typical proxied read, a few kilobytes, served from the emulator's memory. */
  path: '/2.0/repositories/acme/widgets',
  connections: 10,
  /** Measured seconds per target, split into rounds that take turns (direct, bare, Pail, direct, …). */
  durationSeconds: 12,
  rounds: 4,
  warmupSeconds: 3,
  /** CPU per request: this many requests per round through each proxy, in rounds that take turns. */
  cpuRequests: 5000,
  cpuRounds: 2,
};

export interface LoadResult {
  /** Median and 99th percentile latency, ms. */
  p50: number;
  p99: number;
  /** Mean requests per second. */
  throughput: number;
  requests: number;
  /** Responses other than 2xx, and connection errors: a run with either is not a valid measurement. */
  failures: number;
}

/** The targets measured under load. */
type TargetName = 'direct' | 'bare' | 'bareHttp' | 'pail';
type ProxyName = 'bare' | 'bareHttp' | 'pail';

export interface ProxyMeasurement {
  direct: LoadResult;
  bare: LoadResult;
  /** The bare proxy with keep-alive node:http to the emulator, as Pail's BFF calls Bitbucket on Node. */
  bareHttp: LoadResult;
  pail: LoadResult;
  /** CPU time (user + system) of each proxy's process per request, µs; null where `/proc` cannot tell. */
  cpu: Record<ProxyName, number | null>;
}

interface Sample {
  times: number[];
  requests: number;
  seconds: number;
  failures: number;
}

async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  amount?: number,
): Promise<Sample> {
  // Without a callback autocannon returns its event emitter, made thenable (its types only say Promise).
  const instance = autocannon({
    url,
    headers,
    connections: PROXY_SETTINGS.connections,
    ...(amount === undefined ? { duration: seconds } : { amount }),
  }) as Promise<autocannon.Result> & autocannon.Instance;
  // autocannon's own percentiles are whole milliseconds; each response's time is kept to the microsecond.
  const times: number[] = [];
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const result = await instance;
  return {
    times,
    requests: result.requests.total,
    seconds: result.duration,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

function summarise(samples: readonly Sample[]): LoadResult {
  const times = samples.flatMap((sample) => sample.times).sort((a, b) => a - b);
  const requests = samples.reduce((sum, sample) => sum + sample.requests, 0);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    throughput: seconds > 0 ? requests / seconds : 0,
    requests,
    failures: samples.reduce((sum, sample) => sum + sample.failures, 0),
  };
}

interface Target {
  url: string;
  headers: Record<string, string>;
}

/**
 * Warm-up first (JIT, connection pools, caches), then rounds taking turns, so a change in the machine's
 * load during the run falls on every target alike rather than on whichever ran last.
 */
export async function measureProxy(stack: BenchStack): Promise<ProxyMeasurement> {
  const cookie = await signInWithToken(stack);
  const targets: Record<TargetName, Target> = {
    direct: {
      url: `${stack.emulatorUrl}${PROXY_SETTINGS.path}`,
      headers: { authorization: BASIC_AUTHORIZATION },
    },
    bare: { url: `${stack.bareUrl}${PROXY_SETTINGS.path}`, headers: {} },
    bareHttp: { url: `${stack.bareHttpUrl}${PROXY_SETTINGS.path}`, headers: {} },
    pail: {
      url: `${stack.bffUrl}/api${PROXY_SETTINGS.path}`,
      headers: { cookie, 'x-csrf': '1' },
    },
  };
  const names = Object.keys(targets) as TargetName[];
  for (const name of names) {
    const { url, headers } = targets[name];
    const probe = await fetch(url, { headers });
    if (!probe.ok) throw new Error(`${url} answered ${probe.status} before the load test`);
    await load(url, headers, PROXY_SETTINGS.warmupSeconds);
  }
  const samples: Record<TargetName, Sample[]> = { direct: [], bare: [], bareHttp: [], pail: [] };
  const roundSeconds = PROXY_SETTINGS.durationSeconds / PROXY_SETTINGS.rounds;
  for (let round = 0; round < PROXY_SETTINGS.rounds; round += 1) {
    for (const name of names) {
      const { url, headers } = targets[name];
      samples[name].push(await load(url, headers, roundSeconds));
    }
  }
  const cpu = await measureCpu(stack, targets);
  // The emulator logged every request; the next sections count theirs from an empty log.
  await clearUpstreamCalls(stack);
  return {
    direct: summarise(samples.direct),
    bare: summarise(samples.bare),
    bareHttp: summarise(samples.bareHttp),
    pail: summarise(samples.pail),
    cpu,
  };
}

/**
 * CPU time of each proxy's own process over a fixed number of requests, read from `/proc` before and
 * after. Unlike latency, it hardly moves when other work shares the machine: it is what the request
 * costs, not how long it waited for a core.
 */
async function measureCpu(
  stack: BenchStack,
  targets: Record<ProxyName, Target>,
): Promise<ProxyMeasurement['cpu']> {
  const pids = {
    bare: stack.servers.pid('bare proxy'),
    bareHttp: stack.servers.pid('bare proxy (node:http)'),
    pail: stack.servers.pid('bff'),
  };
  const used = { bare: 0, bareHttp: 0, pail: 0 };
  const requests = { bare: 0, bareHttp: 0, pail: 0 };
  let readable = true;
  for (let round = 0; round < PROXY_SETTINGS.cpuRounds; round += 1) {
    for (const name of ['bare', 'bareHttp', 'pail'] as const) {
      const pid = pids[name];
      const before = pid === undefined ? undefined : cpuSeconds(pid);
      const { url, headers } = targets[name];
      const sample = await load(url, headers, 0, PROXY_SETTINGS.cpuRequests);
      const after = pid === undefined ? undefined : cpuSeconds(pid);
      if (before === undefined || after === undefined || sample.failures > 0) readable = false;
      else {
        used[name] += after - before;
        requests[name] += sample.requests;
      }
    }
  }
  const perRequest = (name: ProxyName) =>
    readable && requests[name] > 0 ? (used[name] * 1e6) / requests[name] : null;
  return { bare: perRequest('bare'), bareHttp: perRequest('bareHttp'), pail: perRequest('pail') };
}

export function proxyFigures(m: ProxyMeasurement): Figure[] {
  const note = (r: LoadResult) =>
    r.failures > 0 ? `${r.failures} failed responses: not a valid run` : undefined;
  const rows: Figure[] = [];
  for (const [name, r] of [
    ['direct to the emulator', m.direct],
    ['bare pass-through proxy', m.bare],
    ['bare pass-through proxy, node:http out', m.bareHttp],
    ['Pail BFF (session, token, header hygiene)', m.pail],
  ] as const) {
    rows.push(
      {
        section: 'proxy',
        name: `${name}: median latency`,
        value: r.p50,
        unit: 'ms',
        note: note(r),
      },
      { section: 'proxy', name: `${name}: p99 latency`, value: r.p99, unit: 'ms' },
      { section: 'proxy', name: `${name}: throughput`, value: r.throughput, unit: 'req/s' },
    );
  }
  for (const [name, label] of [
    ['bare', 'bare pass-through proxy'],
    ['bareHttp', 'bare pass-through proxy, node:http out'],
    ['pail', 'Pail BFF'],
  ] as const) {
    rows.push({
      section: 'proxy',
      name: `${label}: CPU per request`,
      value: m.cpu[name],
      unit: 'µs',
      note: m.cpu[name] === null ? 'no /proc CPU times here' : undefined,
    });
  }
  rows.push(
    ...ratioRows(m, 'bare', 'Pail / bare', { latency: 1.15, throughput: 0.85 }),
    // For information: the same ratios against a pass-through that also skips fetch, as Pail does on Node.
    ...ratioRows(m, 'bareHttp', 'Pail / bare (node:http out)'),
  );
  return rows;
}

/** Pail against one pass-through: median latency, throughput and CPU per request, budgets where given. */
function ratioRows(
  m: ProxyMeasurement,
  reference: 'bare' | 'bareHttp',
  label: string,
  budgets?: { latency: number; throughput: number },
): Figure[] {
  const valid = m.pail.failures === 0 && m[reference].failures === 0;
  const note = valid ? undefined : 'a run had failed responses';
  return [
    {
      section: 'proxy',
      name: `${label} CPU per request`,
      value: ratio(m.cpu.pail, m.cpu[reference]),
      unit: '×',
    },
    {
      section: 'proxy',
      name: `${label} median latency`,
      value: valid ? ratio(m.pail.p50, m[reference].p50) : null,
      unit: '×',
      ...(budgets ? { budget: { kind: 'max', limit: budgets.latency }, note } : {}),
    },
    {
      section: 'proxy',
      name: `${label} throughput`,
      value: valid ? ratio(m.pail.throughput, m[reference].throughput) : null,
      unit: '×',
      ...(budgets ? { budget: { kind: 'min', limit: budgets.throughput }, note } : {}),
    },
  ];
}
