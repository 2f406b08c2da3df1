// Node entrypoint: reads the environment, builds the emulator and serves it over HTTP.
import { createEmulator } from './emulator';
import { readEnv } from './env';
import { serveEmulator } from './serve-emulator';

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
  faults: env.faults,
});
const running = await serveEmulator(emulator, { port: env.port, hostname: env.host }).catch(
  (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Bitbucket emulator: port ${env.port} is already in use (set EMULATOR_PORT to use another).`
        : `Bitbucket emulator: ${error.message}`,
    );
    process.exit(1);
  },
);
process.stdout.write(`Bitbucket emulator listening on ${env.origin}\n`);
if (env.faults) {
  process.stdout.write(
    `Faults in force (EMULATOR_FAULTS): ${JSON.stringify(emulator.controls.faults())}\n`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
