import { describe, expect, it } from 'vitest';
import {
  DEFERRED_LIBRARIES,
  chunksHolding,
  firstLoadFromHtml,
  firstLoadFromManifest,
} from './spa-graph';
import type { Manifest } from './spa-graph';

/** Shaped like Vite's manifest: an entry, shared chunks, and lazy routes that import more. */
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index-a1.js',
    src: 'index.html',
    isEntry: true,
    imports: ['_react-b2.js', '_paths-c3.js'],
    dynamicImports: ['src/features/source/file-view.tsx'],
    css: ['assets/index-d4.css'],
  },
  '_react-b2.js': { file: 'assets/react-b2.js', imports: ['_paths-c3.js'] },
  '_paths-c3.js': { file: 'assets/paths-c3.js' },
  'src/features/source/file-view.tsx': {
    file: 'assets/file-view-e5.js',
    isDynamicEntry: true,
    imports: ['_react-b2.js', '_highlight-f6.js'],
    css: ['assets/file-view-g7.css'],
  },
  '_highlight-f6.js': { file: 'assets/highlight-f6.js' },
};

describe('firstLoadFromManifest', () => {
  it('follows static imports from the entry, once each, and leaves lazy chunks out', () => {
    expect(firstLoadFromManifest(manifest)).toEqual({
      js: ['assets/index-a1.js', 'assets/paths-c3.js', 'assets/react-b2.js'],
      css: ['assets/index-d4.css'],
    });
  });

  it('fails loudly on a manifest that names a chunk it does not describe', () => {
    expect(() =>
      firstLoadFromManifest({
        'index.html': { file: 'a.js', isEntry: true, imports: ['_gone.js'] },
      }),
    ).toThrow(/_gone\.js/);
  });
});

describe('firstLoadFromHtml', () => {
  it('reads the module script, module preloads and stylesheets, not icons or other origins', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="/favicon.svg" />
      <script type="module" crossorigin src="/assets/index-a1.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-b2.js">
      <link rel="modulepreload" crossorigin href="/assets/paths-c3.js">
      <link rel="stylesheet" crossorigin href="/assets/index-d4.css">
      <script type="module" src="https://cdn.example/x.js"></script>
    </head><body><div id="root"></div></body></html>`;
    expect(firstLoadFromHtml(html)).toEqual(firstLoadFromManifest(manifest));
  });
});

describe('chunksHolding', () => {
  it('finds each library by the sources in a chunk’s map, pnpm paths included', () => {
    const holding = chunksHolding(
      {
        'assets/index-a1.js': [
          '../../src/main.tsx',
          '../../node_modules/.pnpm/react@19.2.0/node_modules/react/index.js',
        ],
        'assets/highlight-f6.js': [
          '../../node_modules/.pnpm/@shikijs+core@4.6.0/node_modules/@shikijs/core/dist/index.mjs',
        ],
        'assets/markdown-h8.js': [
          '../../node_modules/.pnpm/marked@18.2.1/node_modules/marked/lib/marked.esm.js',
          '../../node_modules/.pnpm/dompurify@3.5.0/node_modules/dompurify/dist/purify.es.mjs',
        ],
        'assets/changes-i9.js': ['../../src/components/diff/parse-unified-diff.ts'],
        'assets/diff-lang-j0.js': [
          '../../node_modules/.pnpm/@shikijs+langs@4.6.0/node_modules/@shikijs/langs/dist/diff.mjs',
        ],
      },
      DEFERRED_LIBRARIES,
    );
    expect(holding).toEqual({
      shiki: ['assets/diff-lang-j0.js', 'assets/highlight-f6.js'],
      marked: ['assets/markdown-h8.js'],
      dompurify: ['assets/markdown-h8.js'],
      diff: ['assets/changes-i9.js'],
    });
  });
});
