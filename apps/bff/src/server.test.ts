import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CSP_NONCE_PLACEHOLDER } from './static/static-routes';
import { testKey } from './testing/keys';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const BFF_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Starts the real Node entrypoint with only `env`; resolves once it exits (it must, here). */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [SERVER],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
      },
    );
  });
}

/** A port nothing listens on right now (the OS picks it; the server under test binds it next). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves with the first stdout line `matches` accepts; rejects if the process exits first. */
function waitForLine(
  child: ChildProcess,
  lines: string[],
  matches: (line: string) => boolean,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = lines.find(matches);
    if (found !== undefined) return resolve(found);
    const onData = () => {
      const line = lines.find(matches);
      if (line !== undefined) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}) first:\n${lines.join('\n')}`)),
    );
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe.concurrent('server.ts in production', () => {
  it('refuses to start, saying why, when a URL is not https', async () => {
    const { code, stderr } = await start({
      NODE_ENV: 'production',
      PAIL_PUBLIC_URL: 'http://pail.example.com',
      BITBUCKET_CLIENT_ID: 'consumer-key',
      BITBUCKET_CLIENT_SECRET: 'consumer-secret',
      BITBUCKET_API_URL: 'http://api.example.com',
      PAIL_SESSION_KEYS: testKey(1),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Pail BFF cannot start; fix the environment:');
    expect(stderr).toContain(
      'PAIL_PUBLIC_URL must use https in production: "http://pail.example.com"',
    );
    expect(stderr).toContain(
      'BITBUCKET_API_URL must use https in production: "http://api.example.com"',
    );
    expect(stderr).not.toContain('consumer-secret');
    expect(stderr).not.toContain(testKey(1));
  }, 30_000);

  it('refuses to start, in plain words, when the web app was not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pail-no-build-'));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const { code, stderr } = await start({
      NODE_ENV: 'production',
      PAIL_PUBLIC_URL: 'https://pail.example.com',
      BITBUCKET_CLIENT_ID: 'consumer-key',
      BITBUCKET_CLIENT_SECRET: 'consumer-secret',
      PAIL_SESSION_KEYS: testKey(1),
      PAIL_WEB_DIR: empty,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Pail BFF cannot start: The web app is not built: ${join(empty, 'index.html')} does not exist. Run \`pnpm build\` first.`,
    );
  }, 30_000);
});

describe('server.ts serving and stopping', () => {
  it('serves the shell, logs each request as JSON, and on SIGTERM finishes the request in flight before exiting 0', async () => {
    // Plays Bitbucket: holds `/2.0/user` until the test lets it answer.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const upstreamReached = new Promise<void>((resolve) => (arrived = resolve));
    const upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
      arrived();
      void released.then(() => {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end('{"type":"error","error":{"message":"Bad credentials"}}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => upstream.close());
    const upstreamPort = (upstream.address() as { port: number }).port;

    const web = mkdtempSync(join(tmpdir(), 'pail-web-'));
    cleanups.push(() => rmSync(web, { recursive: true, force: true }));
    writeFileSync(
      join(web, 'index.html'),
      `<!doctype html><script type="module" src="/assets/app.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script><div id="root"></div>`,
    );

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    // As `pnpm start` runs it: tsx as a loader inside this one process, so the signal reaches the server.
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      cwd: BFF_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        PAIL_PUBLIC_URL: origin,
        PAIL_EMULATOR_URL: `http://127.0.0.1:${upstreamPort}`,
        PAIL_SESSION_KEYS: testKey(1),
        PAIL_WEB_DIR: web,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    const lines: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => lines.push(...String(chunk).split('\n')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitForLine(child, lines, (line) => line.startsWith('Pail BFF listening on'));

    const shell = await fetch(`${origin}/acme/widgets`);
    expect(shell.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(shell.headers.get('Content-Security-Policy') ?? '')?.[1];
    expect(await shell.text()).toContain(`nonce="${nonce}"`);

    const inFlight = fetch(`${origin}/bff/login/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF': '1',
        Origin: origin,
        'X-Request-Id': 'graceful-shutdown-test-1',
      },
      body: JSON.stringify({ username: 'someone@example.com', token: 'ATATT-not-a-real-token' }),
    });
    await upstreamReached;
    child.kill('SIGTERM');
    await waitForLine(child, lines, (line) => line.includes('"server.stopping"'));

    // Stopped accepting: a new connection is refused while the old request is still waiting.
    await expect(fetch(`${origin}/healthz`)).rejects.toThrow();

    release();
    const answer = await inFlight;
    expect(answer.status).toBe(401);
    expect(answer.headers.get('X-Request-Id')).toBe('graceful-shutdown-test-1');
    expect(await answer.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    expect(await exited).toBe(0);

    const requests = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { properties?: Record<string, unknown> })
      .map((record) => record.properties ?? {})
      .filter((props) => props.event === 'request');
    expect(requests).toContainEqual(
      expect.objectContaining({
        requestId: 'graceful-shutdown-test-1',
        method: 'POST',
        path: '/bff/login/token',
        status: 401,
      }),
    );
    const login = requests.find((props) => props.path === '/bff/login/token');
    expect(login?.upstreamMs).toEqual(expect.any(Number));
    expect(JSON.stringify(requests)).not.toContain('ATATT-not-a-real-token');
    // Finished within the grace period: nothing had to be cut.
    const stopped = lines.find((line) => line.includes('"server.stopped"'));
    expect(JSON.parse(stopped ?? '{}')).toMatchObject({ properties: { cutConnections: false } });
  }, 30_000);
});
