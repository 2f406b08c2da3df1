// `pnpm preview`: builds the SPA, then runs it as production does (one BFF process serving it) against the emulator.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './lib/ensure-install.mjs';
import { runStack } from './lib/run-stack.mjs';
import { DEV_PORTS } from './lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
ensureInstall(root);

const vite = join(root, 'apps/web/node_modules/vite/bin/vite.js');
const build = spawnSync(process.execPath, [vite, 'build'], {
  cwd: join(root, 'apps/web'),
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('Could not build the web app.');
  process.exit(1);
}

await runStack(
  {
    root,
    mode: 'production',
    ports: {
      bff: Number(process.env.PORT ?? DEV_PORTS.bff),
      emulator: Number(process.env.EMULATOR_PORT ?? DEV_PORTS.emulator),
    },
  },
  (stack) => `
  Pail's production build is running against the local Bitbucket emulator: one BFF process serves the
  built SPA with its Content-Security-Policy, as \`pnpm start\` does (but over http, with the emulator).

    Open      ${stack.webUrl}
    Emulator  ${stack.emulatorUrl}

  Press Ctrl+C to stop.
`,
);
