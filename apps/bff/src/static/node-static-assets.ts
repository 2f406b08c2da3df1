// The built SPA read from a directory on disk (Vite's `dist`), with every path held strictly inside it.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { StaticAssets } from './static-assets';

/**
 * One path segment of a built file: letters, digits and `._~@+-`, never starting with a dot. Vite's output
 * (`index-3f2a.js`, `pail-mark-SoSTfBR4.svg`) fits; `..`, dotfiles, `%`-escapes, `\` and NUL never do.
 */
const SEGMENT = /^[A-Za-z0-9_~@+-][A-Za-z0-9._~@+-]*$/;
const MAX_PATH_LENGTH = 512;

export class MissingBuildError extends Error {
  constructor(directory: string) {
    super(
      `The web app is not built: ${join(directory, 'index.html')} does not exist. Run \`pnpm build\` first.`,
    );
    this.name = 'MissingBuildError';
  }
}

/** The segments of a URL path when it may name a built file; undefined for anything else. */
export function safeSegments(path: string): string[] | undefined {
  if (path.length > MAX_PATH_LENGTH || !path.startsWith('/')) return undefined;
  const segments = path.slice(1).split('/');
  return segments.every((segment) => SEGMENT.test(segment)) ? segments : undefined;
}

/**
 * Serves files under `directory`. Throws `MissingBuildError` at once when it holds no `index.html`, so a
 * server started before `pnpm build` says so instead of answering every page with 404.
 */
export function createNodeStaticAssets(directory: string): StaticAssets {
  if (!existsSync(join(directory, 'index.html'))) throw new MissingBuildError(directory);
  const root = realpathSync(directory);
  if (!statSync(root).isDirectory()) throw new MissingBuildError(directory);

  return {
    async read(path) {
      const segments = safeSegments(path);
      if (segments === undefined) return undefined;
      try {
        // A symlink inside the build could point anywhere: only what resolves inside the root is served.
        const file = await realpath(join(root, ...segments));
        if (!file.startsWith(root + sep)) return undefined;
        if (
          relative(root, file)
            .split(sep)
            .some((part) => part.startsWith('.'))
        )
          return undefined;
        if (!(await stat(file)).isFile()) return undefined;
        return new Uint8Array(await readFile(file));
      } catch {
        return undefined;
      }
    },
  };
}
