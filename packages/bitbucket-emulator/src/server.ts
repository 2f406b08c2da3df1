// Node entrypoint: reads the environment, builds the emulator and serves it over HTTP.
import { serve } from '@hono/node-server';
import { createEmulator } from './emulator';
import { readEnv } from './env';

let env;
try {
  env = readEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const emulator = createEmulator({
  origin: env.origin,
  callbackUrl: env.callbackUrl,
  appPasswords: env.appPasswords,
  revocationEndpoint: env.revocationEndpoint,
  scale: env.scale,
});
const server = serve({ fetch: emulator.app.fetch, port: env.port, hostname: env.host }, () => {
  process.stdout.write(`Bitbucket emulator listening on ${env.origin}\n`);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Bitbucket emulator: port ${env.port} is already in use (set EMULATOR_PORT to use another).`
      : `Bitbucket emulator: ${error.message}`,
  );
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
  });
}
