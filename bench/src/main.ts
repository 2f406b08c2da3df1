// Pail's benchmark: prints measured figures against their budgets.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import type { Figure, Section } from './figures';
import { formatBudget, formatTable, tally, verdict } from './figures';
import { journeyFigures, runJourney } from './journey';
import type { StepCalls } from './journey';
import { PROXY_SETTINGS, measureProxy, proxyFigures } from './proxy';
import type { ProxyMeasurement } from './proxy';
import { SCALE_SETTINGS, runScale, scaleFigures } from './scale';
import { SESSION_SETTINGS, measureSessionCost, sessionFigures } from './session-cost';
import { buildSpa, spaFigures, weighSpa } from './spa-weight';
import { startBenchStack } from './stack';
import type { BenchStack } from './stack';
import { callKey } from './upstream-calls';
import type { UpstreamCall } from './upstream-calls';

const SECTIONS: readonly Section[] = ['proxy', 'session', 'spa', 'journey', 'scale'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function say(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** `--only proxy,spa` runs some sections; the default is all of them. */
function chosenSections(argv: readonly string[]): Set<Section> {
  const at = argv.indexOf('--only');
  if (at === -1) return new Set(SECTIONS);
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !SECTIONS.includes(name as Section));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of: ${SECTIONS.join(', ')}`);
  }
  return new Set(names as Section[]);
}

function failed(section: Section, error: unknown): Figure {
  return {
    section,
    name: 'section',
    value: null,
    unit: '',
    budget: { kind: 'equals', limit: 0 },
    note: `failed: ${(error as Error).message.split('\n')[0]}`,
  };
}

/** The one-minute load average: other work on the machine skews every timing, so it is recorded. */
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

function describeStep(step: StepCalls) {
  const show = (call: UpstreamCall) => `${callKey(call)}${call.status ? ` → ${call.status}` : ''}`;
  return {
    step: step.name,
    url: step.url,
    onHover: step.onHover.map(show),
    afterClick: step.afterClick.map(show),
    ...(step.ageSeconds === undefined ? {} : { ageSeconds: Math.round(step.ageSeconds) }),
  };
}

function machine(loadAtStart: number) {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { atStart: loadAtStart, atEnd: load() },
  };
}

async function main(): Promise<void> {
  const sections = chosenSections(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = load();
  const figures: Figure[] = [];
  /** The raw observations behind the figures (calls per step, every run), for the JSON only. */
  const details: Record<string, unknown> = {};
  const webDist = mkdtempSync(join(tmpdir(), 'pail-bench-web-'));
  const logDir = mkdtempSync(join(tmpdir(), 'pail-bench-logs-'));
  let stack: BenchStack | undefined;
  let browser: Browser | undefined;
  let proxy: ProxyMeasurement | undefined;
  const needsStack = ['proxy', 'journey', 'scale'].some((s) => sections.has(s as Section));
  const needsBuild = needsStack || sections.has('spa');
  try {
    if (needsBuild) {
      say('building the web app for production');
      buildSpa(root, webDist);
    }
    if (sections.has('spa')) {
      try {
        figures.push(...spaFigures(weighSpa(webDist)));
      } catch (error) {
        figures.push(failed('spa', error));
      }
    }
    if (needsStack) {
      say('starting the emulator (scale fixtures on), the BFF serving the SPA, and the bare proxy');
      stack = await startBenchStack(root, webDist, logDir);
    }
    if (sections.has('proxy') && stack) {
      say(
        `proxy: ${PROXY_SETTINGS.connections} connections, ${PROXY_SETTINGS.warmupSeconds} s warm-up + ${PROXY_SETTINGS.durationSeconds} s in ${PROXY_SETTINGS.rounds} rounds, per target`,
      );
      try {
        proxy = await measureProxy(stack);
        figures.push(...proxyFigures(proxy));
      } catch (error) {
        figures.push(failed('proxy', error));
      }
    }
    if (sections.has('session')) {
      say(`session: ${SESSION_SETTINGS.iterations.toLocaleString('en-US')} round trips per store`);
      try {
        figures.push(...sessionFigures(await measureSessionCost(), proxy?.pail.p50 ?? null));
      } catch (error) {
        figures.push(failed('session', error));
      }
    }
    if ((sections.has('journey') || sections.has('scale')) && stack) {
      browser = await launchBrowser();
      if (sections.has('journey')) {
        say('journey: the standard journey in Chromium, then back through it');
        try {
          const journey = await runJourney(stack, browser);
          details.journey = {
            forward: journey.forward.map(describeStep),
            back: journey.back.map(describeStep),
          };
          figures.push(...journeyFigures(journey));
        } catch (error) {
          figures.push(failed('journey', error));
        }
      }
      if (sections.has('scale')) {
        say(`scale: three pages and their small counterparts, ${SCALE_SETTINGS.runs} runs each`);
        try {
          const scale = await runScale(stack, browser);
          details.scale = scale.cases.map((item) => ({
            page: item.label,
            big: item.big.map(({ calls, ...run }) => ({ ...run, calls: calls.map(callKey) })),
            small: item.small.map(({ calls, ...run }) => ({ ...run, calls: calls.map(callKey) })),
          }));
          figures.push(...scaleFigures(scale));
        } catch (error) {
          figures.push(failed('scale', error));
        }
      }
    }
  } finally {
    await browser?.close();
    await stack?.servers.stop();
    rmSync(webDist, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  }

  const counts = tally(figures);
  const durationSeconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`${formatTable(figures)}\n\n`);
  const host = machine(loadAtStart);
  process.stdout.write(
    `${counts.met} budgets met, ${counts.unmet} unmet, ${counts.notMeasured} not measured ` +
      `(${durationSeconds} s; ${host.cpus} × ${host.cpuModel}, Node ${host.node}, ` +
      `load average ${host.loadAverage.atStart} → ${host.loadAverage.atEnd})\n`,
  );
  const results = join(root, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'latest.json'),
    `${JSON.stringify(
      {
        command: 'pnpm bench',
        at: new Date(started).toISOString(),
        durationSeconds,
        machine: host,
        settings: { proxy: PROXY_SETTINGS, session: SESSION_SETTINGS, scale: SCALE_SETTINGS },
        figures: figures.map((figure) => ({
          ...figure,
          budget: figure.budget ? formatBudget(figure) : undefined,
          met: verdict(figure) || undefined,
        })),
        totals: counts,
        details,
      },
      null,
      2,
    )}\n`,
  );
  say(`wrote bench/results/latest.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
