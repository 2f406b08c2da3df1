// Installs the workspace's dependencies when they are missing or older than the lockfile, using the pinned pnpm.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PNPM_VERSION = '10.34.9';

/** Runs the pinned pnpm: the one on PATH when it is that version, otherwise through npx. */
export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ['pnpm'];
  return ['npx', '-y', `pnpm@${PNPM_VERSION}`];
}

export function ensureInstall(root) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const [cmd, ...args] = pnpmCommand();
  console.log(`Installing dependencies (pnpm ${PNPM_VERSION})…`);
  const result = spawnSync(cmd, [...args, 'install', '--frozen-lockfile'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: process.env.CI ?? 'true' },
  });
  if (result.status !== 0) {
    console.error('Dependency installation failed.');
    process.exit(result.status ?? 1);
  }
}
