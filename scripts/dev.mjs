// `pnpm dev`: installs what is missing, then runs the emulator, the BFF and Vite together against the emulator.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './lib/ensure-install.mjs';
import { runStack } from './lib/run-stack.mjs';
import { DEV_PORTS } from './lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
ensureInstall(root);

// A developer's own settings (say, a real OAuth consumer) live in an untracked `.env`; see `.env.example`.
const envFile = join(root, '.env');
if (existsSync(envFile)) {
  process.loadEnvFile(envFile);
  console.log('Loaded settings from .env');
}

await runStack(
  {
    root,
    mode: 'dev',
    ports: {
      web: Number(process.env.PAIL_WEB_PORT ?? DEV_PORTS.web),
      bff: Number(process.env.PORT ?? DEV_PORTS.bff),
      emulator: Number(process.env.EMULATOR_PORT ?? DEV_PORTS.emulator),
    },
  },
  (stack) => `
  Pail is running against the local Bitbucket emulator.

    Open      ${stack.webUrl}
    Sign in   pick a seeded user (Alice Marchetti has the most to see)
    Emulator  ${stack.emulatorUrl}

  Press Ctrl+C to stop.
`,
);
