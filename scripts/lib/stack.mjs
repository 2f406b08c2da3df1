// Starts Pail's processes — the Bitbucket emulator, the BFF and (in development) Vite — and stops them together.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const DEV_PORTS = { web: 5173, bff: 8080, emulator: 8090 };

/**
 * @param {object} options
 * @param {string} options.root repository root
 * @param {{ web?: number, bff: number, emulator: number }} options.ports `web` only in `dev`
 * @param {'dev' | 'production'} options.mode `dev`: watchers and Vite's dev server on `ports.web`;
 *   `production`: the BFF serves the built SPA itself (`pnpm build` first), as `pnpm start` does, so the
 *   web URL is the BFF's and no Vite runs. The BFF stays out of `NODE_ENV=production`, which forbids the
 *   emulator and plain http.
 * @param {(name: string, line: string) => void} [options.onOutput]
 * @param {Record<string, string>} [options.env] extra environment for every process
 */
export async function startStack({ root, ports, mode, onOutput = () => {}, env = {} }) {
  const production = mode === 'production';
  const emulatorUrl = `http://localhost:${ports.emulator}`;
  const bffUrl = `http://localhost:${ports.bff}`;
  const webUrl = production ? bffUrl : `http://localhost:${ports.web}`;
  const watch = production ? [] : ['watch'];
  const base = { ...process.env, ...env };
  const specs = [
    {
      name: 'emulator',
      cwd: join(root, 'packages/bitbucket-emulator'),
      bin: 'tsx/cli',
      args: [...watch, 'src/server.ts'],
      env: {
        EMULATOR_PORT: String(ports.emulator),
        EMULATOR_ORIGIN: emulatorUrl,
        EMULATOR_CALLBACK_URL: `${webUrl}/bff/callback`,
      },
      ready: `${emulatorUrl}/_emulator/requests`,
    },
    production
      ? {
          name: 'bff',
          cwd: join(root, 'apps/bff'),
          // Exactly how `pnpm start` runs it: tsx as a loader in the one process that gets the signals.
          nodeArgs: ['--import', 'tsx', 'src/server.ts'],
          env: {
            PORT: String(ports.bff),
            PAIL_PUBLIC_URL: webUrl,
            PAIL_EMULATOR_URL: emulatorUrl,
            PAIL_WEB_DIR: join(root, 'apps/web/dist'),
          },
          ready: `${bffUrl}/readyz`,
        }
      : {
          name: 'bff',
          cwd: join(root, 'apps/bff'),
          bin: 'tsx/cli',
          args: [...watch, 'src/server.ts'],
          env: { PORT: String(ports.bff), PAIL_PUBLIC_URL: webUrl, PAIL_EMULATOR_URL: emulatorUrl },
          ready: `${bffUrl}/healthz`,
        },
    {
      name: 'web',
      cwd: join(root, 'apps/web'),
      bin: 'vite/bin/vite.js',
      args: ['--port', String(ports.web), '--strictPort'],
      env: { PAIL_WEB_PORT: String(ports.web), PAIL_BFF_URL: bffUrl },
      ready: webUrl,
    },
  ].filter((spec) => !(production && spec.name === 'web'));

  const children = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
            child.once('exit', () => resolve(undefined));
            try {
              process.kill(-child.pid, 'SIGTERM');
            } catch {
              resolve(undefined);
            }
            setTimeout(() => {
              try {
                process.kill(-child.pid, 'SIGKILL');
              } catch {
                /* already gone */
              }
            }, 3000).unref();
          }),
      ),
    );
  };

  try {
    for (const spec of specs) {
      // Node runs each tool's own entry point: no shell shims, so nothing but Node needs to be on PATH.
      const args = spec.nodeArgs ?? [resolveBin(spec.cwd, spec.bin), ...spec.args];
      const child = spawn(process.execPath, args, {
        cwd: spec.cwd,
        env: { ...base, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      children.push(child);
      const forward = (chunk) => {
        for (const line of String(chunk).split('\n')) if (line.trim()) onOutput(spec.name, line);
      };
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      await waitUntilUp(spec.ready, child, spec.name);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { webUrl, bffUrl, emulatorUrl, stop };
}

function resolveBin(cwd, specifier) {
  const require = createRequire(join(cwd, 'package.json'));
  if (specifier.endsWith('.js')) {
    const [scope, ...rest] = specifier.split('/');
    return join(dirname(require.resolve(`${scope}/package.json`)), ...rest);
  }
  return require.resolve(specifier);
}

async function waitUntilUp(url, child, name, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await delay(200);
    }
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}
