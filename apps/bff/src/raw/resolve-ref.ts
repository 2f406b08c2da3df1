// Splits `{ref}/{path…}` of a raw URL into a commit hash and a file path, asking Bitbucket which names are refs.
import * as v from 'valibot';
import { BffError } from '../errors';
import type { BitbucketClient } from '../api-proxy/bitbucket-client';
import type { ActiveSession } from '../session/sessions';

const FULL_HASH = /^[0-9a-f]{40}$/i;
const SHORT_HASH = /^[0-9a-f]{7,39}$/i;
/** Ref names tried per request: the first segments of the path, up to this many. */
const MAX_REF_DEPTH = 8;

const RefPageSchema = v.object({
  values: v.array(
    v.object({
      name: v.string(),
      target: v.object({ hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{7,40}$/i)) }),
    }),
  ),
});

export interface ResolvedPath {
  hash: string;
  /** The file path's segments as they were in the URL (still percent-encoded). */
  pathSegments: string[];
}

/**
 * Whether `name` could be a branch or tag (git check-ref-format, plus no `"` so it quotes safely in `q`).
 * Anything else is never looked up.
 */
export function isRefName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    !/[\x00-\x20\x7f~^:?*[\\"]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock(?:\/|$)|(?:^|\/)\./.test(name) &&
    name !== '@'
  );
}

/** A `q` value matching any of `names` exactly (FACTS.md §4: quoted strings, `OR`). */
function nameFilter(names: readonly string[]): string {
  return names.map((name) => `name = "${name}"`).join(' OR ');
}

/**
 * Resolves the longest branch or tag name that is a prefix of `segments` (branch names may contain `/`),
 * leaving at least one segment as the file path; a full hash needs no look-up, and an abbreviated one is
 * used as it is when no ref has that name. Returns `undefined` when nothing matches.
 */
export async function resolveRefPath(
  bitbucket: BitbucketClient,
  session: ActiveSession,
  repositoryPath: string,
  segments: readonly string[],
): Promise<ResolvedPath | undefined> {
  const decoded = segments.map((segment) => decodeURIComponent(segment));
  const first = decoded[0] ?? '';
  if (FULL_HASH.test(first)) return { hash: first.toLowerCase(), pathSegments: segments.slice(1) };

  const candidates: string[] = [];
  for (let depth = 1; depth < segments.length && depth <= MAX_REF_DEPTH; depth += 1) {
    const name = decoded.slice(0, depth).join('/');
    if (isRefName(name)) candidates.push(name);
  }
  if (candidates.length > 0) {
    const search = `?q=${encodeURIComponent(nameFilter(candidates))}&pagelen=${MAX_REF_DEPTH}`;
    const [branches, tags] = await Promise.all(
      (['branches', 'tags'] as const).map((kind) =>
        listRefs(bitbucket, session, `${repositoryPath}/refs/${kind}`, search),
      ),
    );
    // Longest first; on equal names a branch wins, as git resolves an ambiguous short name.
    const found = [...(branches ?? []), ...(tags ?? [])]
      .filter((ref) => candidates.includes(ref.name))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (found !== undefined) {
      const depth = found.name.split('/').length;
      return { hash: found.target.hash.toLowerCase(), pathSegments: segments.slice(depth) };
    }
  }
  if (SHORT_HASH.test(first)) return { hash: first.toLowerCase(), pathSegments: segments.slice(1) };
  return undefined;
}

async function listRefs(
  bitbucket: BitbucketClient,
  session: ActiveSession,
  path: string,
  search: string,
): Promise<v.InferOutput<typeof RefPageSchema>['values'] | undefined> {
  const response = await bitbucket.send(session, { path, search, method: 'GET' });
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw refLookupError(response);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new BffError('upstream_unavailable', { cause: error });
  }
  const page = v.safeParse(RefPageSchema, json);
  if (!page.success) throw new BffError('upstream_unavailable');
  return page.output.values;
}

/** Bitbucket's refusal of a ref look-up, as the BFF's own error (the browser navigated here: no Bitbucket JSON). */
function refLookupError(response: Response): BffError {
  const retryAfter = response.headers.get('retry-after');
  switch (response.status) {
    case 401:
      return new BffError('unauthenticated');
    case 403:
      return new BffError('forbidden', {
        message: 'Bitbucket does not let this account read this repository.',
      });
    case 429:
      return new BffError('rate_limited', {
        message: "Bitbucket's rate limit was reached; try again shortly.",
        headers:
          retryAfter !== null && /^\d{1,6}$/.test(retryAfter) ? { 'Retry-After': retryAfter } : {},
      });
    default:
      return new BffError('upstream_unavailable');
  }
}
