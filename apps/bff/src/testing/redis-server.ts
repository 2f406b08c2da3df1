// Runs Debian's redis-server on a free loopback port in a temporary directory, for tests that need a real Redis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `none`: nothing on disk; `aof`: every write fsynced to an append-only file; `rdb`: a snapshot on shutdown. */
export type RedisPersistence = 'none' | 'aof' | 'rdb';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly dir: string;
  /** Shuts down as an operator would (SIGTERM: an RDB server saves first); the data directory stays. */
  stop(): Promise<void>;
  /** Dies at once (SIGKILL), as on a crash or an out-of-memory kill: only what was persisted survives. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory, after `stop` or `kill`. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

function missingRedisMessage(): string {
  return (
    'redis-server is not installed, and the Redis tests need it. Install Debian’s package ' +
    '(`sudo apt-get install redis-server`); `pnpm test` and .ci/run do so when run as root on Debian.'
  );
}

/** Throws a clear error when redis-server is missing: Redis tests fail, never skip. */
export function requireRedisServer(): void {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error !== undefined || found.status !== 0) throw new Error(missingRedisMessage());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING over a raw socket; resolves true on +PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

function persistenceArgs(persistence: RedisPersistence): string[] {
  switch (persistence) {
    case 'none':
      return ['--save', '', '--appendonly', 'no'];
    case 'aof':
      return ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    case 'rdb':
      return ['--save', '3600 1', '--appendonly', 'no'];
  }
}

export async function startRedisServer(
  options: {
    persistence?: RedisPersistence;
    /** A fixed loopback port (a tool keeping to its own range); default: any free one. */
    port?: number;
  } = {},
): Promise<RedisServer> {
  requireRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'pail-redis-'));
  const persistence = options.persistence ?? 'none';
  let child: ChildProcess | undefined;
  let port = 0;

  async function launch(): Promise<boolean> {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'warning',
      ...persistenceArgs(persistence),
    ];
    const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = server;
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<'exited'>((resolve) => server.once('exit', () => resolve('exited')));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (await pings(port)) return true;
      const outcome = await Promise.race([
        exited,
        new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 25)),
      ]);
      if (outcome === 'exited') {
        if (/address already in use/i.test(output)) return false;
        throw new Error(`redis-server exited at start:\n${output}`);
      }
    }
    server.kill('SIGKILL');
    throw new Error(`redis-server did not answer within ${START_TIMEOUT_MS} ms:\n${output}`);
  }

  async function end(signal: NodeJS.Signals): Promise<void> {
    const server = child;
    child = undefined;
    if (server === undefined || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(signal);
    await exited;
  }

  if (options.port !== undefined) {
    port = options.port;
    if (!(await launch())) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`port ${port} is taken: redis-server cannot start`);
    }
  }
  // Another process may take the free port between the check and redis-server binding it: try again.
  for (let attempt = 0; port === 0; attempt += 1) {
    port = await freePort();
    if (await launch()) break;
    port = 0;
    if (attempt >= 5) throw new Error('redis-server found no free port');
  }

  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    dir,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    async start() {
      if (child !== undefined) return;
      if (!(await launch())) throw new Error(`port ${port} was taken while Redis was down`);
    },
    async dispose() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
