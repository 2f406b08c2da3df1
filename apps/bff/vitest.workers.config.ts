// The `workers` project: the Worker's store, entrypoint and BFF contract, run inside workerd by Miniflare.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

/** A fixed 32-byte key for the Worker under test only (base64url of bytes 0..31). */
const TEST_SESSION_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

export default defineProject({
  plugins: [
    cloudflareTest({
      main: './src/worker.ts',
      wrangler: { configPath: './wrangler.toml', environment: 'emulator' },
      miniflare: {
        // Only for the tests: the in-process emulator uses node:crypto and node:zlib. The Worker needs none.
        compatibilityFlags: ['nodejs_compat'],
        bindings: { PAIL_SESSION_KEYS: TEST_SESSION_KEY },
        // A small built shell, so the suite does not depend on a web build being present.
        assets: {
          directory: './src/worker/testing/web-dist',
          binding: 'ASSETS',
          routerConfig: { invoke_user_worker_ahead_of_assets: true },
          assetConfig: { html_handling: 'none', not_found_handling: 'none' },
        },
      },
    }),
  ],
  test: {
    name: 'workers',
    include: [
      'src/worker/**/*.workers.test.ts',
      // The security suite runs on both runtimes (docs/security.md, BFF-45); it needs no Node API.
      'src/security/{abuse,cookies,csrf,oauth-transaction,open-redirect,proxy-hygiene,session-tampering}.test.ts',
    ],
    // As on Node: an unexpected console.error or console.warn fails the test that caused it.
    setupFiles: ['src/testing/setup.ts'],
  },
});
