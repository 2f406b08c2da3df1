// The built SPA read through the Workers `ASSETS` binding, so the BFF's routes serve it with their own headers.
import type { StaticAssets } from '../static/static-assets';

/**
 * The same rule as the Node reader: letters, digits and `._~@+-` per segment, never a leading dot. Vite's
 * output fits; `..`, dotfiles, `%`-escapes and `\` never reach the binding.
 */
const SEGMENT = /^[A-Za-z0-9_~@+-][A-Za-z0-9._~@+-]*$/;
const MAX_PATH_LENGTH = 512;
/** The binding only looks at the path; the host is never resolved. */
const ASSETS_ORIGIN = 'https://assets.invalid';

export function createWorkerAssets(binding: Fetcher): StaticAssets {
  return {
    async read(path) {
      if (path.length > MAX_PATH_LENGTH || !path.startsWith('/')) return undefined;
      if (
        !path
          .slice(1)
          .split('/')
          .every((segment) => SEGMENT.test(segment))
      )
        return undefined;
      // `html_handling = "none"` in wrangler.toml: the binding maps a path to that file, never redirects.
      const response = await binding.fetch(`${ASSETS_ORIGIN}${path}`, { redirect: 'manual' });
      if (response.status !== 200) {
        await response.body?.cancel();
        return undefined;
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
