// Two real BFF processes behind one Redis, as a load balancer would spread a user over them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RecordedRequest } from '@pail/bitbucket-emulator';
import { SESSION_COOKIE } from '@pail/shared';
import { hashId } from './crypto/random';
import { CookieJar } from './testing/cookie-jar';
import { decodeEntities } from './testing/html-entities';
import { testKey } from './testing/keys';
import { startRedisServer, type RedisServer } from './testing/redis-server';

const HOST = '127.0.0.1';
/** This suite's ports: the emulator and both instances take free ones from here. */
const PORT_RANGE = { from: 8400, to: 8499 };
type Instance = 'a' | 'b';
const PORTS: Record<Instance, number> = { a: 0, b: 0 };
/** The origin users load (a load balancer in front of both instances); the test plays that balancer. */
const PUBLIC_URL = 'http://127.0.0.1:8400';
let emulatorOrigin = '';
const TOKEN_PATH = '/site/oauth2/access_token';
const BFF_DIR = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_TIMEOUT_MS = 20_000;

/** A port in the range nothing listens on, so two runs of the suite at once do not collide. */
async function freePort(taken: number[]): Promise<number> {
  const size = PORT_RANGE.to - PORT_RANGE.from;
  const offset = Math.floor(Math.random() * size);
  for (let i = 1; i <= size; i += 1) {
    const port = PORT_RANGE.from + ((offset + i) % size) + 1;
    if (taken.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, HOST, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${PORT_RANGE.from} to ${PORT_RANGE.to}`);
}

let redis: RedisServer;
let emulatorServer: ServerType;
const processes: Partial<Record<Instance, { child: ChildProcess; output: string[] }>> = {};

function env(instance: Instance): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(PORTS[instance]),
    HOST,
    PAIL_PUBLIC_URL: PUBLIC_URL,
    PAIL_EMULATOR_URL: emulatorOrigin,
    // Shared keys: a record sealed by one instance opens in the other.
    PAIL_SESSION_KEYS: testKey(7),
    PAIL_SESSION_STORE: `${redis.url}/0?prefix=multi:`,
  };
}

async function start(instance: Instance): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: BFF_DIR,
    env: env(instance),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  processes[instance] = { child, output };
  // Ready means listening and its Redis answering: what a load balancer's readiness probe waits for.
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`BFF ${instance} exited at start:\n${output.join('')}`);
    }
    const ready = await fetch(`http://${HOST}:${PORTS[instance]}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(`BFF ${instance} not ready in time:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(instance: Instance, signal: NodeJS.Signals): Promise<void> {
  const running = processes[instance];
  delete processes[instance];
  if (running === undefined || running.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
  running.child.kill(signal);
  await exited;
}

/** A request as the browser sends it through the balancer, which here picks `instance`. */
async function call(
  instance: Instance,
  path: string,
  jar: CookieJar,
  init: { csrf?: boolean } = {},
): Promise<Response> {
  const headers = new Headers();
  const cookie = jar.header();
  if (cookie !== undefined) headers.set('Cookie', cookie);
  if (init.csrf) headers.set('X-CSRF', '1');
  const response = await fetch(`http://${HOST}:${PORTS[instance]}${path}`, {
    headers,
    redirect: 'manual',
  });
  jar.capture(response);
  return response;
}

/** Starts sign-in on one instance, consents on the emulator's page, and finishes on the other. */
async function signIn(first: Instance, second: Instance): Promise<CookieJar> {
  const jar = new CookieJar();
  const login = await call(first, '/bff/login?returnTo=%2Facme%2Fwidgets', jar);
  expect(login.status).toBe(302);
  const authorizeUrl = new URL(login.headers.get('Location') ?? '');
  expect(authorizeUrl.origin).toBe(emulatorOrigin);

  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    fields.append(decodeEntities(match[1] ?? ''), decodeEntities(match[2] ?? ''));
  }
  fields.set('account', 'alice');
  fields.set('decision', 'grant');
  const granted = await fetch(`${emulatorOrigin}/site/oauth2/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  expect(granted.status).toBe(302);
  const callback = new URL(granted.headers.get('Location') ?? '');
  expect(callback.origin + callback.pathname).toBe(`${PUBLIC_URL}/bff/callback`);

  const finished = await call(second, callback.pathname + callback.search, jar);
  expect(finished.status).toBe(302);
  expect(finished.headers.get('Location')).toBe('/acme/widgets');
  expect(jar.get(SESSION_COOKIE)).toBeDefined();
  return jar;
}

async function emulatorRequests(): Promise<RecordedRequest[]> {
  return (await (await fetch(`${emulatorOrigin}/_emulator/requests`)).json()) as RecordedRequest[];
}

async function emulatorControl(path: string, method: 'POST' | 'DELETE'): Promise<void> {
  expect((await fetch(`${emulatorOrigin}${path}`, { method })).status).toBe(204);
}

async function refreshGrants(): Promise<number> {
  return (await emulatorRequests()).filter((r) => r.method === 'POST' && r.path === TOKEN_PATH)
    .length;
}

async function signedInUser(instance: Instance, jar: CookieJar): Promise<unknown> {
  const response = await call(instance, '/api/2.0/user', jar, { csrf: true });
  expect(response.status).toBe(200);
  return ((await response.json()) as { nickname?: unknown }).nickname;
}

beforeAll(async () => {
  redis = await startRedisServer({ persistence: 'aof' });
  const emulatorPort = await freePort([]);
  PORTS.a = await freePort([emulatorPort]);
  PORTS.b = await freePort([emulatorPort, PORTS.a]);
  emulatorOrigin = `http://${HOST}:${emulatorPort}`;
  const emulator = createEmulator({
    origin: emulatorOrigin,
    callbackUrl: `${PUBLIC_URL}/bff/callback`,
  });
  emulatorServer = serve({ fetch: emulator.app.fetch, port: emulatorPort, hostname: HOST });
  await Promise.all([start('a'), start('b')]);
}, 60_000);

afterAll(async () => {
  await Promise.all([stop('a', 'SIGKILL'), stop('b', 'SIGKILL')]);
  await new Promise<void>((resolve) => emulatorServer?.close(() => resolve()) ?? resolve());
  await redis?.dispose();
});

describe('two BFF instances sharing Redis', () => {
  let jar: CookieJar;

  it('finish on one instance a sign-in begun on the other, and share the session', async () => {
    jar = await signIn('a', 'b');
    expect(await signedInUser('a', jar)).toBe('alice');
    expect(await signedInUser('b', jar)).toBe('alice');
  });

  it('refresh an expired token once for fifty parallel requests spread over both', async () => {
    await emulatorControl('/_emulator/expire-tokens', 'POST');
    await emulatorControl('/_emulator/requests', 'DELETE');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(i % 2 === 0 ? 'a' : 'b', '/api/2.0/user', jar.clone(), { csrf: true }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(await refreshGrants()).toBe(1);
    // The rotated tokens were stored once, for both: no further grant is needed by either.
    await emulatorControl('/_emulator/requests', 'DELETE');
    expect(await signedInUser('a', jar)).toBe('alice');
    expect(await signedInUser('b', jar)).toBe('alice');
    expect(await refreshGrants()).toBe(0);
  });

  it('wait out the lock of a holder that crashed, then refresh once', async () => {
    const storeKey = await hashId('session', jar.get(SESSION_COOKIE) ?? '');
    const raw = new Redis(redis.port, HOST);
    const lockTtlMs = 1_500;
    try {
      // What an instance killed while refreshing leaves: its lock, with the expiry it took it with.
      await raw.set(`multi:lock:${storeKey}`, 'crashed-holder', 'PX', lockTtlMs);
      const lockedAt = Date.now();
      await emulatorControl('/_emulator/expire-tokens', 'POST');
      await emulatorControl('/_emulator/requests', 'DELETE');
      expect(await signedInUser('b', jar)).toBe('alice');
      // It waited for the lock to lapse rather than refreshing alongside the crashed holder.
      expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(lockTtlMs - 100);
      expect(await refreshGrants()).toBe(1);
      expect(await raw.exists(`multi:lock:${storeKey}`)).toBe(0);
    } finally {
      raw.disconnect();
    }
  });

  it('keep the session while each instance in turn is killed or restarted', async () => {
    await stop('a', 'SIGKILL');
    expect(await signedInUser('b', jar)).toBe('alice');
    await start('a');
    expect(await signedInUser('a', jar)).toBe('alice');

    await stop('b', 'SIGTERM');
    expect(await signedInUser('a', jar)).toBe('alice');
    await start('b');
    expect(await signedInUser('b', jar)).toBe('alice');
    const sessions = await call('b', '/bff/sessions', jar, { csrf: true });
    expect(sessions.status).toBe(200);
  }, 60_000);
});
