// Path arithmetic for repository files: parent folders, names, and resolving a document's relative URLs.

/** The last segment of a repository path: `src/index.ts` → `index.ts`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The folder holding a path: `src/index.ts` → `src`, `README.md` → `''`. */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** A relative URL's parts: the repository path it names, and its `#fragment` (with the `#`). */
export interface RepositoryPath {
  path: string;
  hash: string;
}

/**
 * Resolves a URL written in a document at `directory` (`../images/logo.png`, `/LICENSE`, `guide.md#install`)
 * to a repository path; `null` when it climbs above the repository's root.
 */
export function resolveRepositoryPath(directory: string, url: string): RepositoryPath | null {
  const hashIndex = url.indexOf('#');
  const hash = hashIndex === -1 ? '' : url.slice(hashIndex);
  const withoutHash = hashIndex === -1 ? url : url.slice(0, hashIndex);
  const queryIndex = withoutHash.indexOf('?');
  const target = queryIndex === -1 ? withoutHash : withoutHash.slice(0, queryIndex);

  const segments = target.startsWith('/') || directory === '' ? [] : directory.split('/');
  // Decoded before splitting: `a%2F..%2F..` is `a/../..`, and must climb like it rather than reach the
  // path builders as one name whose `..` the browser would then resolve.
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    decoded = target;
  }
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { path: segments.join('/'), hash };
}
