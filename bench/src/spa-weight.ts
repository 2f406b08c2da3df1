// SPA weight: a production build of the web app (into its own directory, with a manifest and hidden source
// maps that change no byte of the output), the first page's JavaScript and CSS raw, gzip and brotli, and
// which chunks hold the code that must load only where it is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Figure } from './figures';
import { resolveBin } from './processes';
import {
  DEFERRED_LIBRARIES,
  chunksHolding,
  firstLoadFromHtml,
  firstLoadFromManifest,
} from './spa-graph';
import type { FirstLoad, Manifest } from './spa-graph';

/** Kilobytes as Vite prints them: 1 kB = 1,000 bytes. */
const KB = 1_000;

/** Builds the SPA into `outDir` the way production builds it. */
export function buildSpa(root: string, outDir: string): void {
  const webDir = join(root, 'apps/web');
  const build = spawnSync(
    process.execPath,
    [
      resolveBin(webDir, 'vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--manifest',
      '--sourcemap',
      'hidden',
      '--logLevel',
      'warn',
    ],
    { cwd: webDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (build.status !== 0) {
    throw new Error(`the web app did not build:\n${build.stdout}\n${build.stderr}`);
  }
}

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** Each file compressed on its own, as it is served, and summed. */
export function sizesOf(dir: string, files: readonly string[]): Sizes {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    total.raw += bytes.byteLength;
    total.gzip += gzipSync(bytes, { level: 9 }).byteLength;
    total.brotli += brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).byteLength;
  }
  return total;
}

/** Every JavaScript chunk's original sources, from its hidden source map. */
function sourcesByChunk(dir: string): Record<string, string[]> {
  const assets = join(dir, 'assets');
  const out: Record<string, string[]> = {};
  for (const name of readdirSync(assets)) {
    if (!name.endsWith('.js') || !existsSync(join(assets, `${name}.map`))) continue;
    const map = JSON.parse(readFileSync(join(assets, `${name}.map`), 'utf8')) as {
      sources?: string[];
    };
    out[`assets/${name}`] = map.sources ?? [];
  }
  return out;
}

export interface SpaWeight {
  firstLoad: FirstLoad;
  /** Set when `index.html` declares other files than the manifest's static graph. */
  mismatch?: string;
  js: Sizes;
  css: Sizes;
  /** Library → chunks holding its code. */
  holding: Record<string, string[]>;
}

/** The biggest chunk names a library best (shiki's core, not one of its grammars). */
function largestFirst(dir: string, chunks: readonly string[]): string[] {
  const size = (chunk: string) => statSync(join(dir, chunk)).size;
  return [...chunks].sort((a, b) => size(b) - size(a) || a.localeCompare(b));
}

export function weighSpa(dir: string): SpaWeight {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const firstLoad = firstLoadFromManifest(manifest);
  const fromHtml = firstLoadFromHtml(readFileSync(join(dir, 'index.html'), 'utf8'));
  const same = (a: string[], b: string[]) => a.join('\n') === b.join('\n');
  const mismatch =
    same(firstLoad.js, fromHtml.js) && same(firstLoad.css, fromHtml.css)
      ? undefined
      : `index.html loads ${[...fromHtml.js, ...fromHtml.css].join(', ')}`;
  return {
    firstLoad,
    mismatch,
    js: sizesOf(dir, firstLoad.js),
    css: sizesOf(dir, firstLoad.css),
    holding: Object.fromEntries(
      Object.entries(chunksHolding(sourcesByChunk(dir), DEFERRED_LIBRARIES)).map(
        ([library, chunks]) => [library, largestFirst(dir, chunks)],
      ),
    ),
  };
}

/** "in highlight-3f2a.js, markdown-view-9c1d.js and 31 more". */
export function describeChunks(chunks: readonly string[]): string {
  if (chunks.length === 0) return 'not found in any chunk';
  const names = chunks.map((chunk) => chunk.replace(/^assets\//, ''));
  const shown = names.slice(0, 2).join(', ');
  return names.length > 2 ? `in ${shown} and ${names.length - 2} more` : `in ${shown}`;
}

export function spaFigures(weight: SpaWeight): Figure[] {
  const kb = (bytes: number) => bytes / KB;
  const files = `${weight.firstLoad.js.length} files`;
  const rows: Figure[] = [
    {
      section: 'spa',
      name: 'first-load JavaScript, gzip',
      value: kb(weight.js.gzip),
      unit: 'kB',
      budget: { kind: 'max', limit: 110 },
      note: weight.mismatch ?? files,
    },
    {
      section: 'spa',
      name: 'first-load JavaScript, brotli',
      value: kb(weight.js.brotli),
      unit: 'kB',
    },
    { section: 'spa', name: 'first-load JavaScript, raw', value: kb(weight.js.raw), unit: 'kB' },
    { section: 'spa', name: 'first-load CSS, gzip', value: kb(weight.css.gzip), unit: 'kB' },
    { section: 'spa', name: 'first-load CSS, brotli', value: kb(weight.css.brotli), unit: 'kB' },
  ];
  const first = new Set(weight.firstLoad.js);
  for (const [library, chunks] of Object.entries(weight.holding)) {
    const inFirst = chunks.filter((chunk) => first.has(chunk));
    rows.push({
      section: 'spa',
      name: `${library} code in first-load chunks`,
      value: inFirst.length,
      unit: 'chunks',
      budget: { kind: 'equals', limit: 0 },
      note: describeChunks(chunks),
    });
  }
  return rows;
}
