// Which Bitbucket paths the proxy forwards (BBA §6.1.3.6): an exact list of the endpoints Pail uses.

/** A workspace or repository slug as Bitbucket makes them. */
const SLUG = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
/** A path id: a slug, or a `{uuid}` with its braces raw or percent-encoded (URL parsers encode them). */
const ID = `(?:${SLUG}|(?:\\{|%7[Bb])${UUID}(?:\\}|%7[Dd]))`;

/** Templates as in Bitbucket's API description; `{ws}` and `{repo}` stand for one path id each. */
export const ALLOWED_PATHS = [
  '/2.0/user',
  '/2.0/user/emails',
  '/2.0/user/workspaces',
  '/2.0/workspaces/{ws}',
  '/2.0/workspaces/{ws}/projects',
  '/2.0/repositories/{ws}',
  '/2.0/repositories/{ws}/{repo}',
] as const;

const PATTERNS = ALLOWED_PATHS.map(
  (template) => new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{(?:ws|repo)\}/g, ID)}$`),
);

/** Longest query string relayed; Bitbucket's `q=` filters are short, and this bounds abuse. */
export const MAX_QUERY_LENGTH = 2048;
const MAX_PATH_LENGTH = 512;

export type PathVerdict =
  | { ok: true; path: string; search: string }
  | { ok: false; code: 'bad_request' | 'path_not_allowed'; reason: string };

/**
 * Tricks that could move a request off the intended path or host once something decodes or normalises it.
 * Checked on the raw request target, before any matching.
 */
const SUSPICIOUS: ReadonlyArray<[RegExp, string]> = [
  [/^[^/]/, 'absolute_url'],
  [/\.\./, 'dot_segment'],
  [/%2e/i, 'encoded_dot'],
  [/%2f/i, 'encoded_slash'],
  [/%5c/i, 'encoded_backslash'],
  [/\\/, 'backslash'],
  [/\/\//, 'double_slash'],
  [/@/, 'userinfo'],
  [/%40/i, 'encoded_userinfo'],
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  [/[\x00-\x1f\x7f]|%[01][0-9a-f]|%7f/i, 'control_character'],
  [/%25/, 'double_encoding'],
];

/** Splits a request target (`/2.0/x?y`) into path and query. The fragment never reaches a server. */
function splitTarget(target: string): { path: string; search: string } {
  const hash = target.indexOf('#');
  const withoutHash = hash === -1 ? target : target.slice(0, hash);
  const question = withoutHash.indexOf('?');
  return question === -1
    ? { path: withoutHash, search: '' }
    : { path: withoutHash.slice(0, question), search: withoutHash.slice(question) };
}

/**
 * Judges the part of a request target after `/api` (e.g. `/2.0/repositories/acme?page=2`). `rawTargets`
 * are the same request as seen before any normalisation (Node's raw request line), checked for tricks too.
 */
export function checkUpstreamTarget(
  target: string,
  rawTargets: readonly string[] = [],
): PathVerdict {
  for (const candidate of [target, ...rawTargets]) {
    const { path } = splitTarget(candidate);
    if (path.length > MAX_PATH_LENGTH) {
      return { ok: false, code: 'bad_request', reason: 'path_too_long' };
    }
    for (const [pattern, reason] of SUSPICIOUS) {
      if (pattern.test(path)) return { ok: false, code: 'bad_request', reason };
    }
  }
  const { path, search } = splitTarget(target);
  if (search.length > MAX_QUERY_LENGTH)
    return { ok: false, code: 'bad_request', reason: 'query_too_long' };
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\x00-\x20\x7f]/.test(search))
    return { ok: false, code: 'bad_request', reason: 'query_control' };
  const params = new URLSearchParams(search);
  // Tokens travel in the Authorization header only (FACTS.md §1); never let a query carry one.
  if (params.has('access_token')) return { ok: false, code: 'bad_request', reason: 'query_token' };
  if (!PATTERNS.some((pattern) => pattern.test(path))) {
    return { ok: false, code: 'path_not_allowed', reason: 'not_allowlisted' };
  }
  return { ok: true, path, search };
}
