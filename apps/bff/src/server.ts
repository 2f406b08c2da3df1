// Node entrypoint: read the environment, build the deps, serve the BFF (and the built SPA), stop gracefully.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { configure, dispose } from '@logtape/logtape';
import { createBff } from './app';
import { loadConfig } from './env';
import { createBufferedSink, createSinkLogger, formatJsonLine } from './logger';
import { createNodeFetch } from './node/node-fetch';
import { createNodeListener } from './node/node-listener';
import { openSessionStore, type OpenedSessionStore } from './session/open-store';
import { MissingBuildError, createNodeStaticAssets } from './static/node-static-assets';
import type { StaticAssets } from './static/static-assets';

/** In-flight requests get this long to finish after SIGTERM; then the remaining connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** While stopping, how often connections that have finished their answer are closed. */
const IDLE_SWEEP_MS = 50;
/** A busy user's usage counts are stored once per this long instead of after every call. */
const USAGE_FLUSH_DELAY_MS = 250;
/** Where `pnpm build` leaves the SPA, relative to this file. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const config = loadConfig();

// Batched: one write to stdout per 100 ms instead of one per line; `dispose()` below writes the rest.
const sink = createBufferedSink({
  formatter: formatJsonLine,
  write: (text) => process.stdout.write(text),
});
await configure({
  sinks: { console: sink },
  loggers: [
    { category: ['pail'], lowestLevel: 'info', sinks: ['console'] },
    { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: ['console'] },
  ],
});
// The app's own lines go straight into that sink, formatted by LogTape's formatter (see `createSinkLogger`).
const logger = createSinkLogger(sink, { category: ['pail', 'bff'], lowestLevel: 'info' });

if (config.session.keysGenerated) {
  logger.warn('config.session_keys_generated', {
    message:
      'PAIL_SESSION_KEYS is not set: using a random key for this process; sessions end when it restarts.',
  });
}

// Production serves the SPA itself (one origin, one port); development leaves that to Vite unless asked.
const webDir = config.webDir ?? (config.production ? DEFAULT_WEB_DIR : undefined);
let assets: StaticAssets | undefined;
if (webDir !== undefined) {
  try {
    assets = createNodeStaticAssets(webDir);
  } catch (error) {
    if (!(error instanceof MissingBuildError)) throw error;
    console.error(`Pail BFF cannot start: ${error.message}`);
    process.exit(1);
  }
}

let store: OpenedSessionStore;
try {
  store = openSessionStore(config.session.store, { logger });
} catch (error) {
  console.error(`Pail BFF cannot start: ${(error as Error).message}`);
  process.exit(1);
}

const bff = createBff({
  config,
  store,
  fetch: globalThis.fetch.bind(globalThis),
  // Keep-alive node:http(s) for the hot path's Bitbucket calls; the OAuth endpoints keep `fetch`.
  apiFetch: createNodeFetch(),
  now: Date.now,
  logger,
  usageFlushDelayMs: USAGE_FLUSH_DELAY_MS,
  ...(assets === undefined ? {} : { assets }),
});

// Proxied reads take Node's fast path into the same proxy core; everything else is the Hono app's.
const listener = await createNodeListener(bff, {
  ...(config.server.host === undefined ? {} : { hostname: config.server.host }),
});
const server = createServer(listener);
server.listen(config.server.port, config.server.host, () => {
  const bitbucket =
    config.bitbucket.mode === 'emulator'
      ? `emulator at ${config.bitbucket.apiOrigin}`
      : config.bitbucket.apiOrigin;
  const host = config.server.host ?? 'localhost';
  const web = webDir === undefined ? '' : `, web app from ${webDir}`;
  const { port } = server.address() as AddressInfo;
  process.stdout.write(
    `Pail BFF listening on http://${host}:${port} (Bitbucket: ${bitbucket}${web})\n`,
  );
});

let stopping = false;

/**
 * Stops accepting connections, lets in-flight requests finish (for at most SHUTDOWN_GRACE_MS), closes the
 * session store and exits 0: a rolling deploy loses no answer. A second signal exits at once.
 */
async function shutDown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    process.exit(1);
  }
  stopping = true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Idle keep-alive sockets would otherwise hold `close` open until the client hangs up, and a socket whose
  // answer is still being written becomes idle only once it is sent: close those as they come to rest.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  logger.info('server.stopping', { signal, graceMs: SHUTDOWN_GRACE_MS });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = await Promise.race([
    closed.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), SHUTDOWN_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (timedOut) server.closeAllConnections();
  try {
    await (store as { close?: () => Promise<void> }).close?.();
  } catch (error) {
    logger.error('server.store_close_failed', {
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  logger.info('server.stopped', { signal, cutConnections: timedOut });
  await dispose();
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void shutDown(signal));
}
