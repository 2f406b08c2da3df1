// `pnpm dev:worker`: the Worker in `wrangler dev` (local workerd, KV and Durable Objects on disk) against the emulator.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './lib/ensure-install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
ensureInstall(root);

const workerPort = Number(process.env.PAIL_WORKER_PORT ?? 8787);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 8090);
const workerUrl = `http://localhost:${workerPort}`;
const emulatorUrl = `http://localhost:${emulatorPort}`;
const binOf = (cwd, pkg, path) =>
  join(dirname(createRequire(join(cwd, 'package.json')).resolve(`${pkg}/package.json`)), path);

// The Worker serves the built SPA through its ASSETS binding, so it is built first.
const web = join(root, 'apps/web');
const built = spawnSync(process.execPath, [binOf(web, 'vite', 'bin/vite.js'), 'build'], {
  cwd: web,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

const children = [];
function start(name, colour, cwd, args, env) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const forward = (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (line.trim()) console.log(`\x1b[${colour}m${name.padEnd(8)}\x1b[0m ${line}`);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  children.push(child);
  return child;
}

async function waitUntilUp(url, child, name) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await delay(250);
    }
  }
  throw new Error(`${name} did not answer at ${url}`);
}

function stop() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

const emulatorDir = join(root, 'packages/bitbucket-emulator');
const bffDir = join(root, 'apps/bff');
try {
  const emulator = start(
    'emulator',
    35,
    emulatorDir,
    [binOf(emulatorDir, 'tsx', 'dist/cli.mjs'), 'src/server.ts'],
    {
      EMULATOR_PORT: String(emulatorPort),
      EMULATOR_ORIGIN: emulatorUrl,
      // The emulator only redirects to the registered callback: the Worker's.
      EMULATOR_CALLBACK_URL: `${workerUrl}/bff/callback`,
    },
  );
  await waitUntilUp(`${emulatorUrl}/_emulator/requests`, emulator, 'emulator');
  // A fresh key per start, as the Node BFF makes in development: sessions end when this stops.
  const sessionKey = randomBytes(32).toString('base64url');
  const worker = start(
    'worker',
    36,
    bffDir,
    [
      binOf(bffDir, 'wrangler', 'bin/wrangler.js'),
      'dev',
      '--env',
      'emulator',
      '--port',
      String(workerPort),
      '--var',
      `PAIL_SESSION_KEYS:${sessionKey}`,
      '--var',
      `PAIL_PUBLIC_URL:${workerUrl}`,
      '--var',
      `PAIL_EMULATOR_URL:${emulatorUrl}`,
      '--show-interactive-dev-session=false',
    ],
    // Offline: no usage metrics, no request metadata fetched from Cloudflare.
    { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  );
  await waitUntilUp(`${workerUrl}/healthz`, worker, 'worker');
} catch (error) {
  console.error(`Could not start the Worker: ${error.message}`);
  stop();
  process.exit(1);
}

console.log(`
  Pail is running as a Cloudflare Worker (wrangler dev, local mode) against the emulator.

    Open      ${workerUrl}
    Emulator  ${emulatorUrl}

  Press Ctrl+C to stop.
`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop();
    process.exit(0);
  });
}
