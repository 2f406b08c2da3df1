// Vite for the SPA: React, the `@` alias, and a dev/preview proxy so the browser sees one origin, as in production.
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { ProxyOptions } from 'vite';
import { readWebDevEnv } from './env.ts';

const env = readWebDevEnv();

// Only `/bff/…` and `/api/…`: a workspace called "api-tools" or "bffs" is an SPA route, not the BFF.
// Raw files, `/{workspace}/{repo}/raw/…` as on bitbucket.org, are the BFF's too (navigations and <img>);
// Vite's own `/@…`, `/src/…` and `/node_modules/…` URLs never are.
// Nothing is rewritten, so the BFF's 302 `Location` and `Set-Cookie` reach the browser unchanged.
const toBff: ProxyOptions = { target: env.bffUrl, changeOrigin: false, xfwd: false };
const proxy: Record<string, ProxyOptions> = {
  '^/(?:bff|api)/': { ...toBff },
  '^/(?!@|src/|node_modules/)[^/?#]+/[^/?#]+/raw/': { ...toBff },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: env.port, strictPort: true, proxy },
  preview: { port: env.port, strictPort: true, proxy },
  // The BFF swaps this for a fresh nonce in every response's shell and CSP (apps/bff/src/static).
  html: { cspNonce: 'PAIL_CSP_NONCE_PLACEHOLDER' },
  // Module workers, so the highlighting worker loads each grammar as its own chunk, as the page does.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    // CSP-friendly output: no `data:` URIs for images and no inline module-preload polyfill.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
