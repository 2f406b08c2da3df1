// Starts Pail's three processes — the Bitbucket emulator, the BFF and the web app — and stops them together.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const DEV_PORTS = { web: 5173, bff: 8080, emulator: 8090 };

/**
 * @param {object} options
 * @param {string} options.root repository root
 * @param {{ web: number, bff: number, emulator: number }} options.ports
 * @param {'dev' | 'preview'} options.mode `dev`: watchers and Vite's dev server; `preview`: the built SPA
 * @param {(name: string, line: string) => void} [options.onOutput]
 * @param {Record<string, string>} [options.env] extra environment for every process
 */
export async function startStack({ root, ports, mode, onOutput = () => {}, env = {} }) {
  const webUrl = `http://localhost:${ports.web}`;
  const emulatorUrl = `http://localhost:${ports.emulator}`;
  const bffUrl = `http://localhost:${ports.bff}`;
  const watch = mode === 'dev' ? ['watch'] : [];
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
    {
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
      args:
        mode === 'dev'
          ? ['--port', String(ports.web), '--strictPort']
          : ['preview', '--port', String(ports.web), '--strictPort'],
      env: { PAIL_WEB_PORT: String(ports.web), PAIL_BFF_URL: bffUrl },
      ready: webUrl,
    },
  ];

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
      const entry = resolveBin(spec.cwd, spec.bin);
      const child = spawn(process.execPath, [entry, ...spec.args], {
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
