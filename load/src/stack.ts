// What the load test runs against, on loopback ports 8640–8699: the emulator and the BFF as real processes
// (the BFF as `pnpm start` runs it, with the inspector on), and Redis from the tests' helper.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { resolveBin, startServers } from '../../bench/src/processes';
import type { RunningServers } from '../../bench/src/processes';
import { startRedisServer } from '../../apps/bff/src/testing/redis-server';
import type { RedisServer } from '../../apps/bff/src/testing/redis-server';
import { openInspector } from './inspector';
import type { Inspector } from './inspector';
import { loopbackOrigin } from './loopback';

export const HOST = '127.0.0.1';
/** The BFF's own shutdown grace (10 s) and a margin for its start-up tooling. */
const SHUTDOWN_WAIT_MS = 15_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface LoadPorts {
  emulator: number;
  bff: number;
  inspector: number;
  redis: number;
}

/** `PAIL_LOAD_PORT_OFFSET` moves every port, so two runs can share a machine. */
export function loadPorts(base: number): LoadPorts {
  const offset = Number(process.env.PAIL_LOAD_PORT_OFFSET ?? 0) || 0;
  const from = base + offset;
  return { emulator: from, bff: from + 1, inspector: from + 2, redis: from + 3 };
}

export interface RunningBff {
  url: string;
  inspector: Inspector;
  /**
   * `terminate` (default): SIGTERM, as a deployment stops it, then waits for the process to exit by itself;
   * only past the BFF's own shutdown grace (10 s) and a margin is it killed. Says which happened. `kill`:
   * SIGKILL at once, for a run that is over and has no use for the BFF's shutdown (which waits out the
   * client's idle keep-alive connections).
   */
  stop(mode?: 'terminate' | 'kill'): Promise<'exited' | 'killed'>;
  output(): string[];
}

export interface LoadStack {
  emulatorUrl: string;
  bffUrl: string;
  /** Starts a BFF on `store` (`memory` or a `redis://` URL); one at a time, on the same port. */
  startBff(store: string): Promise<RunningBff>;
  /** Redis with every write on disk before it is acknowledged (AOF, fsync always), started on first use. */
  redis(): Promise<RedisServer>;
  stop(): Promise<void>;
}

export async function startLoadStack(root: string, ports: LoadPorts): Promise<LoadStack> {
  const emulatorUrl = loopbackOrigin(`http://${HOST}:${ports.emulator}`);
  const bffUrl = loopbackOrigin(`http://${HOST}:${ports.bff}`);
  const inspectorUrl = loopbackOrigin(`http://${HOST}:${ports.inspector}`);
  const emulatorDir = join(root, 'packages/bitbucket-emulator');
  const bffDir = join(root, 'apps/bff');
  const logDir = mkdtempSync(join(tmpdir(), 'pail-load-logs-'));
  // One set of keys for the whole run, as a deployment keeps them across restarts.
  const sessionKeys = randomBytes(32).toString('base64url');
  const quiet = { NO_COLOR: '1' };
  let emulator: RunningServers | undefined;
  let redis: RedisServer | undefined;
  const running = new Set<RunningServers>();
  try {
    emulator = await startServers(
      [
        {
          name: 'emulator',
          cwd: emulatorDir,
          args: [resolveBin(emulatorDir, 'tsx/cli'), 'src/server.ts'],
          env: {
            ...quiet,
            HOST,
            EMULATOR_PORT: String(ports.emulator),
            EMULATOR_ORIGIN: emulatorUrl,
            EMULATOR_CALLBACK_URL: `${bffUrl}/bff/callback`,
            // 200 people as two accounts would exceed Bitbucket's hourly limit within seconds.
            EMULATOR_FAULTS: JSON.stringify({ rateLimit: null }),
          },
          ready: `${emulatorUrl}/_emulator/requests`,
        },
      ],
      logDir,
    );
  } catch (error) {
    rmSync(logDir, { recursive: true, force: true });
    throw error;
  }

  return {
    emulatorUrl,
    bffUrl,
    async startBff(store) {
      const servers = await startServers(
        [
          {
            name: 'bff',
            cwd: bffDir,
            args: [`--inspect=${HOST}:${ports.inspector}`, '--import', 'tsx', 'src/server.ts'],
            env: {
              ...quiet,
              PORT: String(ports.bff),
              HOST,
              PAIL_PUBLIC_URL: bffUrl,
              PAIL_EMULATOR_URL: emulatorUrl,
              PAIL_SESSION_KEYS: sessionKeys,
              PAIL_SESSION_STORE: store,
              // Each virtual user is its own client address (X-Forwarded-For), as behind a proxy.
              PAIL_TRUST_PROXY: '1',
            },
            ready: `${bffUrl}/readyz`,
          },
        ],
        logDir,
      );
      running.add(servers);
      let inspector: Inspector;
      let pid: number;
      try {
        inspector = await openInspector(inspectorUrl);
        pid = await inspector.pid();
      } catch (error) {
        running.delete(servers);
        await servers.stop();
        throw error;
      }
      return {
        url: bffUrl,
        inspector,
        output: () => servers.output('bff'),
        async stop(mode = 'terminate') {
          // An attached inspector would hold the process open at exit.
          inspector.close();
          let outcome: 'exited' | 'killed' = 'killed';
          try {
            process.kill(pid, mode === 'kill' ? 'SIGKILL' : 'SIGTERM');
            const deadline = performance.now() + SHUTDOWN_WAIT_MS;
            while (performance.now() < deadline) {
              if (!isRunning(pid)) {
                outcome = 'exited';
                break;
              }
              await delay(50);
            }
          } catch {
            outcome = 'exited';
          }
          running.delete(servers);
          await servers.stop();
          return outcome;
        },
      };
    },
    async redis() {
      redis ??= await startRedisServer({ persistence: 'aof', port: ports.redis });
      return redis;
    },
    async stop() {
      await Promise.all([...running].map((servers) => servers.stop()));
      await emulator?.stop();
      await redis?.dispose();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
