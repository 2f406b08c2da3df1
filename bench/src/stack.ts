// The stack the benchmark measures, on ports 8760–8790: the emulator (scale fixtures on), the BFF serving
// the production build of the SPA as `pnpm start` does, and a bare pass-through proxy in two builds; plus the session
// and credentials every section signs in with.
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import { resolveBin, startServers } from './processes';
import type { RunningServers } from './processes';
import type { UpstreamCall } from './upstream-calls';

/** Loopback ports; `PAIL_BENCH_PORT_OFFSET` moves them all, so two runs can share a machine. */
const PORT_OFFSET = Number(process.env.PAIL_BENCH_PORT_OFFSET ?? 0) || 0;
export const PORTS = {
  bare: 8760 + PORT_OFFSET,
  bareHttp: 8770 + PORT_OFFSET,
  bff: 8780 + PORT_OFFSET,
  emulator: 8790 + PORT_OFFSET,
} as const;

/** The development API token from the README: alice, read scopes. */
export const CREDENTIALS = {
  email: SEED_API_TOKENS.aliceRead.email,
  token: SEED_API_TOKENS.aliceRead.token,
};
export const BASIC_AUTHORIZATION = `Basic ${Buffer.from(
  `${CREDENTIALS.email}:${CREDENTIALS.token}`,
).toString('base64')}`;

export interface BenchStack {
  webUrl: string;
  bffUrl: string;
  emulatorUrl: string;
  bareUrl: string;
  /** The same pass-through with keep-alive node:http to the emulator instead of fetch. */
  bareHttpUrl: string;
  servers: RunningServers;
}

/** Starts everything; `webDist` is the production build the BFF serves the SPA from. */
export async function startBenchStack(
  root: string,
  webDist: string,
  logDir: string,
): Promise<BenchStack> {
  const bffUrl = `http://localhost:${PORTS.bff}`;
  // One origin, as in production: the BFF serves the shell and assets beside `/bff` and `/api`.
  const webUrl = bffUrl;
  const emulatorUrl = `http://localhost:${PORTS.emulator}`;
  const bareUrl = `http://localhost:${PORTS.bare}`;
  const bareHttpUrl = `http://localhost:${PORTS.bareHttp}`;
  const emulatorDir = join(root, 'packages/bitbucket-emulator');
  const bffDir = join(root, 'apps/bff');
  const benchDir = join(root, 'bench');
  const quiet = { NO_COLOR: '1' };
  const servers = await startServers(
    [
      {
        name: 'emulator',
        cwd: emulatorDir,
        args: [resolveBin(emulatorDir, 'tsx/cli'), 'src/server.ts'],
        env: {
          ...quiet,
          EMULATOR_PORT: String(PORTS.emulator),
          EMULATOR_ORIGIN: emulatorUrl,
          EMULATOR_CALLBACK_URL: `${webUrl}/bff/callback`,
          EMULATOR_SCALE: 'on',
        },
        ready: `${emulatorUrl}/_emulator/requests`,
      },
      {
        name: 'bff',
        cwd: bffDir,
        // As `pnpm start` runs it (tsx as a loader), outside NODE_ENV=production, which forbids the emulator.
        args: ['--import', 'tsx', 'src/server.ts'],
        env: {
          ...quiet,
          PORT: String(PORTS.bff),
          PAIL_PUBLIC_URL: webUrl,
          PAIL_EMULATOR_URL: emulatorUrl,
          PAIL_WEB_DIR: webDist,
        },
        ready: `${bffUrl}/readyz`,
      },
      {
        name: 'bare proxy',
        cwd: benchDir,
        // Run as the BFF is (tsx as a loader, one process), so both are measured alike, CPU time included.
        args: ['--import', 'tsx', 'src/bare-proxy.ts'],
        env: {
          BARE_PROXY_PORT: String(PORTS.bare),
          BARE_PROXY_UPSTREAM: emulatorUrl,
          BARE_PROXY_AUTHORIZATION: BASIC_AUTHORIZATION,
        },
        ready: `${bareUrl}/2.0/user`,
      },
      {
        name: 'bare proxy (node:http)',
        cwd: benchDir,
        args: ['--import', 'tsx', 'src/bare-proxy.ts'],
        env: {
          BARE_PROXY_PORT: String(PORTS.bareHttp),
          BARE_PROXY_UPSTREAM: emulatorUrl,
          BARE_PROXY_AUTHORIZATION: BASIC_AUTHORIZATION,
          BARE_PROXY_CLIENT: 'http',
        },
        ready: `${bareHttpUrl}/2.0/user`,
      },
    ],
    logDir,
  );
  return { webUrl, bffUrl, emulatorUrl, bareUrl, bareHttpUrl, servers };
}

/** Signs in through the BFF with the API token; returns the `Cookie` header value of the new session. */
export async function signInWithToken(stack: BenchStack): Promise<string> {
  const response = await fetch(`${stack.bffUrl}/bff/login/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf': '1', origin: stack.webUrl },
    body: JSON.stringify({ username: CREDENTIALS.email, token: CREDENTIALS.token }),
  });
  if (!response.ok) throw new Error(`token sign-in failed: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';', 1)[0] ?? '')
    .find((pair) => pair.startsWith('__Host-pail-session='));
  if (!cookie) throw new Error('token sign-in set no session cookie');
  return cookie;
}

export async function upstreamCalls(stack: BenchStack): Promise<UpstreamCall[]> {
  const response = await fetch(`${stack.emulatorUrl}/_emulator/requests`);
  return (await response.json()) as UpstreamCall[];
}

export async function clearUpstreamCalls(stack: BenchStack): Promise<void> {
  await fetch(`${stack.emulatorUrl}/_emulator/requests`, { method: 'DELETE' });
}
