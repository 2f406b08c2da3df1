// What the first page loads, from Vite's build manifest, and which chunks hold a given library's code.

/** One entry of Vite's `.vite/manifest.json`. */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

export interface FirstLoad {
  js: string[];
  css: string[];
}

/**
 * The files the browser fetches before the first page can run: every entry chunk, the chunks it imports
 * statically (transitively), and their CSS. Dynamic imports load later and are left out.
 */
export function firstLoadFromManifest(manifest: Manifest): FirstLoad {
  const js = new Set<string>();
  const css = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The manifest names ${key} but has no entry for it`);
    if (chunk.file.endsWith('.css')) css.add(chunk.file);
    else js.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return { js: [...js].sort(), css: [...css].sort() };
}

/** The same set as the built `index.html` declares it: module scripts, module preloads and stylesheets. */
export function firstLoadFromHtml(html: string): FirstLoad {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/g) ?? []) {
    const attribute = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1] ?? undefined;
    const url = attribute('src') ?? attribute('href');
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue;
    const file = url.replace(/^\.?\//, '');
    if (tag.startsWith('<script') && attribute('type') === 'module') js.add(file);
    else if (attribute('rel') === 'modulepreload') js.add(file);
    else if (attribute('rel') === 'stylesheet') css.add(file);
  }
  return { js: [...js].sort(), css: [...css].sort() };
}

/** For each library, the chunks whose source map lists one of its files, sorted. */
export function chunksHolding(
  sourcesByChunk: Readonly<Record<string, readonly string[]>>,
  libraries: Readonly<Record<string, RegExp>>,
): Record<string, string[]> {
  const holding: Record<string, string[]> = {};
  for (const [library, pattern] of Object.entries(libraries)) {
    holding[library] = Object.entries(sourcesByChunk)
      .filter(([, sources]) => sources.some((source) => pattern.test(source)))
      .map(([chunk]) => chunk)
      .sort();
  }
  return holding;
}

/** Code that must stay out of the first page: the highlighter, Markdown, the sanitiser and diff code. */
export const DEFERRED_LIBRARIES: Readonly<Record<string, RegExp>> = {
  shiki: /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:shiki|@shikijs\/[^/]+)\//,
  marked: /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?marked\//,
  dompurify: /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?dompurify\//,
  // A diff library, or the web app's own diff parsing and views.
  diff: /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:diff|react-diff-view|gitdiff-parser)\/|\/src\/components\/diff\//,
};
