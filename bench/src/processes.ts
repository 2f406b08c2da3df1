// Starts the servers the benchmark measures as separate Node processes, waits until they answer, stops them.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface ServerSpec {
  name: string;
  cwd: string;
  /** Arguments after `node`. */
  args: string[];
  env: Record<string, string>;
  /** A URL that answers once the server is ready. */
  ready: string;
}

export interface RunningServers {
  stop(): Promise<void>;
  /** The last lines each server printed, for a failure message. */
  output(name: string): string[];
  /** The process id of a server (its own Node process, not a launcher's), to read its CPU time. */
  pid(name: string): number | undefined;
}

/** The entry point of a package's binary, resolved from `cwd` (no shell shims, so only Node is needed). */
export function resolveBin(cwd: string, specifier: string): string {
  const require = createRequire(join(cwd, 'package.json'));
  if (specifier.endsWith('.js')) {
    const [name = '', ...rest] = specifier.split('/');
    const scoped = name.startsWith('@');
    const packageName = scoped ? `${name}/${rest.shift() ?? ''}` : name;
    return join(dirname(require.resolve(`${packageName}/package.json`)), ...rest);
  }
  return require.resolve(specifier);
}

async function waitUntilUp(spec: ServerSpec, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${spec.name} exited with code ${child.exitCode} while starting`);
    }
    try {
      await fetch(spec.ready, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await delay(200);
    }
  }
  throw new Error(`${spec.name} did not answer at ${spec.ready} within ${timeoutMs / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    const group = -child.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 3000).unref();
  });
}

/**
 * Starts each server in order, each in its own process group (so stopping takes its children too). Their
 * output goes straight to a file in `logDir`, so reading it costs the measuring process nothing.
 */
export async function startServers(
  specs: readonly ServerSpec[],
  logDir: string,
): Promise<RunningServers> {
  const children: ChildProcess[] = [];
  const pids = new Map<string, number>();
  const logFiles = new Map<string, string>();
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  const output = (name: string) => {
    const file = logFiles.get(name);
    return file ? readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-40) : [];
  };
  try {
    for (const spec of specs) {
      const file = join(logDir, `${spec.name.replace(/\W+/g, '-')}.log`);
      logFiles.set(spec.name, file);
      const fd = openSync(file, 'w');
      const child = spawn(process.execPath, spec.args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', fd, fd],
        detached: true,
      });
      closeSync(fd);
      children.push(child);
      if (child.pid !== undefined) pids.set(spec.name, child.pid);
      try {
        await waitUntilUp(spec, child);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${output(spec.name).join('\n')}`, {
          cause: error,
        });
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop, output, pid: (name) => pids.get(name) };
}
