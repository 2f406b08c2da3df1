// Which Bitbucket paths and query parameters the proxy forwards (BBA §6.1.3.6): the exact endpoints Pail uses.

/** A workspace or repository slug as Bitbucket makes them. */
const SLUG = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
/** A path id: a slug, or a `{uuid}` with its braces raw or percent-encoded (URL parsers encode them). */
const ID = `(?:${SLUG}|(?:\\{|%7[Bb])${UUID}(?:\\}|%7[Dd]))`;
const PCT = '%[0-9A-Fa-f]{2}';
/** An abbreviated or full commit hash. */
const HASH = '[0-9A-Fa-f]{7,40}';
/**
 * One segment of a ref name or commit: what `encodeURIComponent` leaves of a git ref segment. Never two
 * dots in a row, so `A..B` in a diff spec splits one way only.
 */
const REF_SEGMENT = `(?:[A-Za-z0-9_+=,!'()-]|\\.(?!\\.)|${PCT}){1,255}`;
/**
 * One segment of a file path: RFC 3986 path characters, percent-encoded as needed; never a raw `;` (some
 * servers read it as a parameter delimiter). Dot segments and risky encodings are refused before this.
 */
export const FILE_SEGMENT = `(?:[A-Za-z0-9._~!$&'()*+,=:@-]|${PCT})+`;
const FILE_PATH = `${FILE_SEGMENT}(?:/${FILE_SEGMENT})*/?`;
/**
 * A diff spec: one revision, `new..old` (FACTS.md §5), or the form Bitbucket's own pull-request redirect
 * uses, `{ws}/{repo}:{hash}%0D{hash}` (source repository, then the two commits, separated by a CR).
 */
const SPEC = `(?:${REF_SEGMENT}(?:\\.\\.${REF_SEGMENT})?|${ID}/${ID}:${HASH}(?:%0[Dd]${HASH})?)`;
const PULL_REQUEST_SPEC = new RegExp(
  `^(/2\\.0/repositories/${ID}/${ID}/diff(?:stat)?/${ID}/${ID}:${HASH})%0[Dd](${HASH})$`,
);
const REF_NAME = `${REF_SEGMENT}(?:/${REF_SEGMENT})*`;
const PULL_REQUEST_ID = '[1-9][0-9]{0,9}';

const PLACEHOLDERS: Record<string, string> = {
  '{ws}': ID,
  '{repo}': ID,
  '{commit}': REF_SEGMENT,
  '{revision}': REF_SEGMENT,
  '{sha}': HASH,
  '{spec}': SPEC,
  '{name…}': REF_NAME,
  '{id}': PULL_REQUEST_ID,
  '{path…}': FILE_PATH,
};

/** How one query parameter's (decoded) value must look, and whether it may appear more than once. */
interface ParamRule {
  value: RegExp;
  repeatable?: boolean;
}

// eslint-disable-next-line no-control-regex -- excluding control characters is the point
const ANY_TEXT: ParamRule = { value: /^[^\x00-\x1f\x7f]{1,1024}$/ };
const BOOLEAN: ParamRule = { value: /^(?:true|false)$/ };
const PAGING: Record<string, ParamRule> = {
  pagelen: { value: /^[1-9][0-9]{0,3}$/ },
  // Bitbucket's `next` links carry numbers or opaque cursors here.
  page: { value: /^[\w.~=:/+-]{1,256}$/ },
};
const FILTERING: Record<string, ParamRule> = {
  q: ANY_TEXT,
  sort: { value: /^-?[A-Za-z_][\w.]{0,63}$/ },
};
/** A branch, tag or hash as a query value (`include=feature/x`): git's ref-name rules, roughly. */
const REVISION: ParamRule = {
  // eslint-disable-next-line no-control-regex -- excluding control characters is the point
  value: /^(?!.*\.\.)[^\s~^:?*[\\\x00-\x1f\x7f]{1,255}$/,
  repeatable: true,
};
const SOURCE_PARAMS = {
  format: { value: /^(?:meta|rendered)$/ },
  max_depth: { value: /^[1-9][0-9]?$/ },
  ...PAGING,
  ...FILTERING,
};
const DIFF_PARAMS = {
  path: { ...ANY_TEXT, repeatable: true },
  context: { value: /^[0-9]{1,4}$/ },
  ignore_whitespace: BOOLEAN,
  binary: BOOLEAN,
  renames: BOOLEAN,
  topic: BOOLEAN,
  // Added by Bitbucket itself when it redirects a pull request's diff to the repository's.
  from_pullrequest_id: { value: new RegExp(`^${PULL_REQUEST_ID}$`) },
};
const REPO = '/2.0/repositories/{ws}/{repo}';

/** Each template (as in Bitbucket's API description) with the query parameters it accepts. */
const ALLOWED: ReadonlyArray<readonly [string, Record<string, ParamRule>]> = [
  ['/2.0/user', {}],
  ['/2.0/user/emails', PAGING],
  ['/2.0/user/workspaces', { ...PAGING, ...FILTERING }],
  ['/2.0/workspaces/{ws}', {}],
  ['/2.0/workspaces/{ws}/projects', { ...PAGING, ...FILTERING }],
  [
    '/2.0/repositories/{ws}',
    { ...PAGING, ...FILTERING, role: { value: /^(?:member|contributor|admin|owner)$/ } },
  ],
  [REPO, {}],
  [`${REPO}/src`, SOURCE_PARAMS],
  [`${REPO}/src/{commit}/`, SOURCE_PARAMS],
  [`${REPO}/src/{commit}/{path…}`, SOURCE_PARAMS],
  [
    `${REPO}/commits`,
    { include: REVISION, exclude: REVISION, path: { ...ANY_TEXT, repeatable: true }, ...PAGING },
  ],
  [
    `${REPO}/commits/{revision}`,
    { include: REVISION, exclude: REVISION, path: { ...ANY_TEXT, repeatable: true }, ...PAGING },
  ],
  [`${REPO}/commit/{sha}`, {}],
  [`${REPO}/diff/{spec}`, DIFF_PARAMS],
  [`${REPO}/diffstat/{spec}`, { ...DIFF_PARAMS, ...PAGING }],
  [`${REPO}/refs/branches`, { ...PAGING, ...FILTERING }],
  [`${REPO}/refs/branches/{name…}`, {}],
  [`${REPO}/refs/tags`, { ...PAGING, ...FILTERING }],
  [`${REPO}/refs/tags/{name…}`, {}],
  [
    `${REPO}/pullrequests`,
    {
      state: { value: /^(?:OPEN|MERGED|DECLINED|SUPERSEDED)$/, repeatable: true },
      ...PAGING,
      ...FILTERING,
    },
  ],
  [`${REPO}/pullrequests/{id}`, {}],
  [`${REPO}/pullrequests/{id}/diff`, {}],
  [`${REPO}/pullrequests/{id}/diffstat`, {}],
];

/** The templates, for documentation and tests. */
export const ALLOWED_PATHS: readonly string[] = ALLOWED.map(([template]) => template);

function compile(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((piece) => PLACEHOLDERS[piece] ?? piece.replace(/\./g, '\\.'))
    .join('');
  return new RegExp(`^${source}$`);
}

const RULES = ALLOWED.map(([template, params]) => ({ pattern: compile(template), params }));

/** Longest query string relayed; Bitbucket's `q=` filters are short, and this bounds abuse. */
export const MAX_QUERY_LENGTH = 2048;
const MAX_PATH_LENGTH = 1024;

export type PathVerdict =
  | { ok: true; path: string; search: string }
  | { ok: false; code: 'bad_request' | 'path_not_allowed'; reason: string };

/**
 * Tricks that could move a request off the intended path or host once something decodes or normalises it.
 * Checked on the raw request target, before any matching. `inFilePath: false` rules do not apply inside a
 * file path (`src/{commit}/…`), where `@` is an ordinary character (`logo@2x.png`) and cannot reach the host.
 */
const SUSPICIOUS: ReadonlyArray<[RegExp, string, { inFilePath: boolean }]> = [
  [/^[^/]/, 'absolute_url', { inFilePath: true }],
  [/(?:^|[/\\]|%2f|%5c)\.\.(?:$|[/\\]|%2f|%5c)/i, 'dot_segment', { inFilePath: true }],
  [/(?:^|\/)\.(?:$|\/)/, 'dot_segment', { inFilePath: true }],
  [/%2e/i, 'encoded_dot', { inFilePath: true }],
  [/%2f/i, 'encoded_slash', { inFilePath: true }],
  [/%5c/i, 'encoded_backslash', { inFilePath: true }],
  [/\\/, 'backslash', { inFilePath: true }],
  [/\/\//, 'double_slash', { inFilePath: true }],
  [/@/, 'userinfo', { inFilePath: false }],
  [/%40/i, 'encoded_userinfo', { inFilePath: false }],
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  [/[\x00-\x1f\x7f]|%[01][0-9a-f]|%7f/i, 'control_character', { inFilePath: true }],
  [/%25/, 'double_encoding', { inFilePath: true }],
];

const FILE_PATH_START = new RegExp(`^/2\\.0/repositories/${ID}/${ID}/src/[^/]+/`);

/** The first trick found in a path, if any. */
export function findTrick(
  path: string,
  options: { filePathFrom?: number } = {},
): string | undefined {
  // Bitbucket's own pull-request spec separates two hashes with an encoded CR; in exactly that shape it is data.
  const checked = path.replace(PULL_REQUEST_SPEC, '$1..$2');
  const filePathFrom = options.filePathFrom ?? FILE_PATH_START.exec(checked)?.[0].length;
  const head = filePathFrom === undefined ? checked : checked.slice(0, filePathFrom);
  const tail = filePathFrom === undefined ? '' : checked.slice(filePathFrom - 1);
  for (const [pattern, reason, { inFilePath }] of SUSPICIOUS) {
    if (pattern.test(head)) return reason;
    if (inFilePath && tail !== '' && pattern.test(tail)) return reason;
  }
  return undefined;
}

/** Splits a request target (`/2.0/x?y`) into path and query. The fragment never reaches a server. */
function splitTarget(target: string): { path: string; search: string } {
  const hash = target.indexOf('#');
  const withoutHash = hash === -1 ? target : target.slice(0, hash);
  const question = withoutHash.indexOf('?');
  return question === -1
    ? { path: withoutHash, search: '' }
    : { path: withoutHash.slice(0, question), search: withoutHash.slice(question) };
}

function checkParams(
  params: URLSearchParams,
  rules: Record<string, ParamRule>,
): PathVerdict | undefined {
  for (const name of new Set(params.keys())) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (rule === undefined)
      return { ok: false, code: 'path_not_allowed', reason: 'param_not_allowed' };
    const values = params.getAll(name);
    if (values.length > 1 && !rule.repeatable)
      return { ok: false, code: 'bad_request', reason: 'param_repeated' };
    if (!values.every((value) => rule.value.test(value)))
      return { ok: false, code: 'bad_request', reason: 'param_invalid' };
  }
  return undefined;
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
    const trick = findTrick(path);
    if (trick !== undefined) return { ok: false, code: 'bad_request', reason: trick };
  }
  const { path, search } = splitTarget(target);
  if (search.length > MAX_QUERY_LENGTH)
    return { ok: false, code: 'bad_request', reason: 'query_too_long' };
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\x00-\x20\x7f]/.test(search))
    return { ok: false, code: 'bad_request', reason: 'query_control' };
  // The query goes upstream as sent: a server that also splits on `;` would find parameters never checked
  // here. Encoders write `%3B`, so only a hand-made query has a raw one.
  if (search.includes(';')) return { ok: false, code: 'bad_request', reason: 'query_separator' };
  const params = new URLSearchParams(search);
  // Tokens travel in the Authorization header only (FACTS.md §1); never let a query carry one.
  if (params.has('access_token')) return { ok: false, code: 'bad_request', reason: 'query_token' };
  const rule = RULES.find(({ pattern }) => pattern.test(path));
  if (rule === undefined) {
    return { ok: false, code: 'path_not_allowed', reason: 'not_allowlisted' };
  }
  return checkParams(params, rule.params) ?? { ok: true, path, search };
}
