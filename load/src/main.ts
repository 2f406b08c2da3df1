// `pnpm load`: 200 signed-in people browsing at once for 60 s, on the memory store and on Redis, then Redis
// stopped for 10 s under load; prints the figures against their targets and writes load/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './options';
import type { LoadOptions } from './options';
import { formatRows, outageRows, storeRows } from './report';
import { runOutage, runStore, startSignedIn, storeUrl } from './run';
import type { LoadSettings, OutageResult, StoreResult, Target } from './run';
import { loadPorts, startLoadStack } from './stack';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function say(message: string): void {
  process.stderr.write(`load: ${message}\n`);
}

function settingsFor(options: LoadOptions): LoadSettings {
  return {
    sessions: options.sessions,
    warmupSeconds: 10,
    durationSeconds: options.durationSeconds,
    // Past the keep-alive of both sides (5 s), so idle readings hold no open connection.
    idleSeconds: 6,
    outage: { beforeSeconds: 10, downSeconds: 10, afterSeconds: 15, quietSeconds: 10 },
  };
}

const load1m = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const settings = settingsFor(options);
  const started = Date.now();
  const loadAtStart = load1m();
  const ports = loadPorts(8640);
  say(
    `${options.sessions} sessions, each signed in through the emulator's consent page (alice, bob, carol ` +
      `and dave in turn) from its own client address in X-Forwarded-For (198.18.0.0/15; the BFF runs ` +
      `with PAIL_TRUST_PROXY=1, as behind a proxy), browsing with 0–200 ms think time`,
  );
  say(`ports ${ports.emulator}–${ports.redis} on 127.0.0.1; starting the emulator`);
  const stack = await startLoadStack(root, ports);
  const stores: StoreResult[] = [];
  let outage: OutageResult | undefined;
  try {
    for (const kind of options.stores) {
      const redis = kind === 'redis' ? await stack.redis() : undefined;
      say(`${kind}: starting the BFF, signing in ${options.sessions} sessions`);
      const signedIn = await startSignedIn(stack, storeUrl(kind, redis, kind), options.sessions);
      try {
        say(
          `${kind}: ${settings.warmupSeconds} s warm-up, then ${settings.durationSeconds} s of load, then ${settings.idleSeconds} s idle`,
        );
        // On Redis, the outage comes after the measured load, with the same people, before they sign out.
        const withOutage =
          kind === 'redis' && redis && options.outage
            ? async () => {
                const o = settings.outage;
                say(
                  `outage: ${o.beforeSeconds} s load, Redis stopped for ${o.downSeconds} s, ${o.afterSeconds} s after`,
                );
                outage = await runOutage(signedIn, redis, o);
              }
            : undefined;
        const result = await runStore(kind, signedIn, settings, withOutage);
        stores.push(result);
        process.stdout.write(`\n${formatRows(`store: ${kind}`, storeRows(result))}\n`);
      } finally {
        await signedIn.bff.stop('kill');
      }
    }
    if (options.outageOnly) {
      const redis = await stack.redis();
      say(`outage: starting the BFF on Redis, signing in ${options.sessions} sessions`);
      const signedIn = await startSignedIn(
        stack,
        storeUrl('redis', redis, 'outage'),
        options.sessions,
      );
      try {
        const o = settings.outage;
        say(
          `outage: ${o.beforeSeconds} s load, Redis stopped for ${o.downSeconds} s, ${o.afterSeconds} s after`,
        );
        outage = await runOutage(signedIn, redis, o);
      } finally {
        await signedIn.bff.stop('kill');
      }
    }
    if (outage) {
      process.stdout.write(`\n${formatRows('Redis outage under load', outageRows(outage))}\n`);
    }
  } finally {
    await stack.stop();
  }

  const targets: Target[] = [...stores.flatMap((s) => s.targets), ...(outage?.targets ?? [])];
  if (outage) {
    targets.push({
      name: '/readyz during the outage is 503',
      value: outage.readyzDuringOutage,
      limit: 503,
      unit: '',
      met: outage.readyzDuringOutage === 503,
    });
  }
  const met = targets.filter((t) => t.met).length;
  const durationSeconds = Math.round((Date.now() - started) / 1000);
  const cores = cpus();
  const machine = {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: { atStart: loadAtStart, atEnd: load1m() },
  };
  process.stdout.write(
    `\n${met} targets met, ${targets.length - met} unmet (${durationSeconds} s; ${machine.cpus} × ` +
      `${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverage.atStart} → ` +
      `${machine.loadAverage.atEnd})\n`,
  );
  const results = join(root, 'load/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'latest.json'),
    `${JSON.stringify(
      {
        command: `pnpm load ${process.argv.slice(2).join(' ')}`.trim(),
        at: new Date(started).toISOString(),
        durationSeconds,
        machine,
        settings,
        stores,
        outage,
        totals: { met, unmet: targets.length - met },
      },
      null,
      2,
    )}\n`,
  );
  say('wrote load/results/latest.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
