// Node entrypoint: read the environment, build the deps, serve the BFF.
import { serve } from '@hono/node-server';
import { configure, getConsoleSink, jsonLinesFormatter } from '@logtape/logtape';
import { createApp } from './app';
import { loadConfig } from './env';
import { createLogtapeLogger } from './logger';
import { createMemoryStore } from './session/memory-store';

const config = loadConfig();

await configure({
  sinks: { console: getConsoleSink({ formatter: jsonLinesFormatter }) },
  loggers: [
    { category: ['pail'], lowestLevel: 'info', sinks: ['console'] },
    { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: ['console'] },
  ],
});
const logger = createLogtapeLogger();

if (config.session.keysGenerated) {
  logger.warn('config.session_keys_generated', {
    message:
      'PAIL_SESSION_KEYS is not set: using a random key for this process; sessions end when it restarts.',
  });
}

const app = createApp({
  config,
  store: createMemoryStore(),
  fetch: globalThis.fetch.bind(globalThis),
  now: Date.now,
  logger,
});

const server = serve(
  { fetch: app.fetch, port: config.server.port, hostname: config.server.host },
  (info) => {
    const bitbucket =
      config.bitbucket.mode === 'emulator'
        ? `emulator at ${config.bitbucket.apiOrigin}`
        : config.bitbucket.apiOrigin;
    const host = config.server.host ?? 'localhost';
    process.stdout.write(
      `Pail BFF listening on http://${host}:${info.port} (Bitbucket: ${bitbucket})\n`,
    );
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
  });
}
