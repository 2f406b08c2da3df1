// `pnpm test`: every suite — unit, emulator, BFF (on Node and in workerd), web, then e2e in Chromium — ending with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './lib/ensure-chromium.mjs';
import { ensureInstall } from './lib/ensure-install.mjs';
import { ensureRedis } from './lib/ensure-redis.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
ensureInstall(root);
// The session store tests run a real Redis; without one they fail (never skip) and say why.
ensureRedis();

const resultsDir = join(root, 'node_modules/.cache/pail-test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const runs = [
  { name: 'unit', projects: ['shared', 'emulator', 'bff', 'web', 'workers', 'bench', 'load'] },
  { name: 'e2e', projects: ['e2e'], before: () => ensureChromium() },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const run of runs) {
  const chromium = run.before?.();
  if (run.before && !chromium) {
    console.error(
      `\nThe ${run.name} suite needs Chromium and none could be installed: counted as failed.`,
    );
    totals.failed += 1;
    continue;
  }
  const output = join(resultsDir, `${run.name}.json`);
  const args = ['run', ...run.projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${output}`);
  const result = spawnSync(process.execPath, [vitest, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...(chromium ? { PAIL_CHROMIUM: chromium } : {}) },
  });
  const counted = countResults(output);
  if (!counted) {
    console.error(
      `\nThe ${run.name} suite produced no results (exit ${result.status}): counted as failed.`,
    );
    totals.failed += 1;
    continue;
  }
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;
  // A suite that crashed or failed to load counts as a failure even when no single test did.
  if (result.status !== 0 && counted.failed === 0) totals.failed += 1;
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);

function countResults(file) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const loadFailures = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + loadFailures,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}
