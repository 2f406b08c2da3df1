// `pnpm run doctor` entrypoint: reads the environment and `.env` as `pnpm dev` does, prints the report, sets the exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readEnvironment } from '../env';
import { openSessionStore } from '../session/open-store';
import { runDoctorCli } from './cli';

// Same file and precedence as scripts/dev.mjs: variables already in the environment win over `.env`.
const envFile = fileURLToPath(new URL('../../../../.env', import.meta.url));
const loaded = existsSync(envFile);
if (loaded) process.loadEnvFile(envFile);

process.exitCode = await runDoctorCli({
  argv: process.argv.slice(2),
  env: readEnvironment(),
  fetch: globalThis.fetch.bind(globalThis),
  write: (text) => process.stdout.write(text),
  // The store server.ts opens, from the same setting.
  openStore: (config) => openSessionStore(config.session.store),
  ...(loaded ? { envFile: '.env' } : {}),
});
