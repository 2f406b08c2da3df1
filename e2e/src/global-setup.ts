// Builds the SPA and starts the stack as production runs it (the BFF serving the built SPA) on its own ports for the e2e suite.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../scripts/lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The BFF's port is also the web app's: one origin, as in production. */
export const E2E_PORTS = { bff: 8180, emulator: 8190 };

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    emulatorUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const vite = join(root, 'apps/web/node_modules/vite/bin/vite.js');
  const build = spawnSync(process.execPath, [vite, 'build'], {
    cwd: join(root, 'apps/web'),
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The web app did not build');

  const logs: string[] = [];
  const stack = await startStack({
    root,
    mode: 'production',
    ports: E2E_PORTS,
    onOutput: (name: string, line: string) => logs.push(`${name}: ${line}`),
  });
  project.provide('webUrl', stack.webUrl);
  project.provide('emulatorUrl', stack.emulatorUrl);

  return async () => {
    await stack.stop();
    if (process.env.PAIL_E2E_LOGS) console.log(logs.join('\n'));
  };
}
