// The BFF fuzz property: arbitrary requests to every route, with and without a real session, against a sentinel Bitbucket.
import fc from 'fast-check';
import { API_PREFIX, BFF_ROUTES, LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import { ALLOWED_PATHS } from '../api-proxy/allowlist';
import {
  CALLBACK_URL,
  EMULATOR_ORIGIN,
  PUBLIC_URL,
  TOKEN_PATH,
  createHarness,
  type Harness,
  type UpstreamCall,
} from '../testing/bff-harness';
import { consent } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { createSentinels, type Sentinels } from '../testing/sentinels';
import { CSP_NONCE_PLACEHOLDER } from '../static/static-routes';
import type { StaticAssets } from '../static/static-assets';

/** The seeded account every signed-in case acts as. */
const ALICE_EMAIL = 'alice.marchetti@acme.example';
const REVOKE_PATH = '/site/oauth2/revoke';
/** The token and revocation endpoints' origin: not the API's, so each request's destination is told apart. */
const TOKEN_ORIGIN = 'http://auth.localhost:8090';

/** Which cookie a case presents as its session. */
export type SessionChoice =
  'none' | 'oauth' | 'token' | 'forged' | 'stale' | 'garbage' | 'empty' | 'twice';

/** What Bitbucket does to the case's credentials just before it runs. */
export type UpstreamMood =
  | 'normal'
  | 'expired-access-tokens'
  | 'revoked-grants'
  /** The API answers 503 with an HTML page, as a load balancer in trouble does. */
  | 'api-unavailable'
  /** The API answers 302 to another host, which must never be followed with the token. */
  | 'api-redirects-away'
  /** Every request fails at the network level. */
  | 'unreachable'
  /** The token endpoint answers 200 with something that is not a token response. */
  | 'token-endpoint-garbage'
  /** The token endpoint answers 500. */
  | 'token-endpoint-error';

export interface FuzzRequest {
  method: string;
  /** The request target exactly as sent (Node's raw request line), starting with `/`. */
  target: string;
  headers: Array<[string, string]>;
  session: SessionChoice;
  /** A login-transaction cookie: none, one from a real sign-in start, or made up. */
  loginCookie: 'none' | 'forged' | 'garbage';
  body: string | undefined;
  mood: UpstreamMood;
  /** Replaces the target with a real callback (a genuine code and state) before mutating its query. */
  realCallback: 'no' | 'as-sent' | 'no-state' | 'wrong-state' | 'two-codes' | 'error' | 'no-cookie';
}

export interface FuzzStats {
  cases: number;
  /** Cases the runtime could not even build a Request for (never reach the app). */
  unbuildable: number;
  statuses: Map<number, number>;
  upstreamCalls: number;
}

export interface FuzzWorld {
  harness: Harness;
  sentinels: Sentinels;
  /** A real commit of acme/widgets (main's head), for route-shaped paths. */
  commit: string;
  /** Runs one request and returns every broken rule (empty when all held). */
  run(request: FuzzRequest): Promise<string[]>;
  /** What the cases so far reached: how many, each status, how many Bitbucket calls, how many unbuildable. */
  stats: FuzzStats;
  /** Stops listening for unhandled rejections. */
  close(): void;
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries

const ODD_METHODS = [
  'PROPFIND',
  'MKCOL',
  'SEARCH',
  'QUERY',
  'PURGE',
  'BREW',
  'M-SEARCH',
  'get',
  'Post',
];
const methodArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant('GET') },
  { weight: 2, arbitrary: fc.constant('HEAD') },
  { weight: 3, arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) },
);

/** Characters a request line may carry, printable ASCII without space. */
const visibleAscii = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 24,
});
const percentEncoded = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 8 })
  .map((text) => encodeURIComponent(text));
const longSegment = fc.integer({ min: 200, max: 5000 }).map((n) => 'a'.repeat(n));
const unicodeSegment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 });
const dotSegment = fc.constantFrom('.', '..', '%2e', '%2e%2e', '.%2e', '%2E%2E', '...');

/** A segment that is usually plausible and sometimes hostile. */
function segmentArb(real: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 24, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.webSegment() },
    { weight: 1, arbitrary: percentEncoded },
    { weight: 1, arbitrary: visibleAscii },
    { weight: 1, arbitrary: dotSegment },
    { weight: 1, arbitrary: unicodeSegment },
    { weight: 1, arbitrary: longSegment },
  );
}

function placeholderArb(commit: string): Record<string, fc.Arbitrary<string>> {
  const uuid = '{a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e05}';
  return {
    '{ws}': segmentArb(['acme', 'northwind', 'alice', 'nobody', uuid, encodeURIComponent(uuid)]),
    '{repo}': segmentArb(['widgets', 'storefront', 'empty', 'raw']),
    '{commit}': segmentArb(['main', commit, commit.slice(0, 12), 'feature%2Fdark-mode', 'v1.0.0']),
    '{revision}': segmentArb(['main', commit, 'feature%2Fdark-mode', 'nope']),
    '{sha}': segmentArb([commit, commit.slice(0, 7), 'f'.repeat(40)]),
    '{spec}': segmentArb([
      commit,
      `${commit}..${commit.slice(0, 12)}`,
      `acme/widgets:${commit}%0D${commit.slice(0, 12)}`,
      'main..main',
    ]),
    '{name…}': segmentArb(['main', 'feature/dark-mode', 'bugfix/PAIL-42/login-redirect', 'v1.0.0']),
    '{id}': segmentArb(['1', '2', '24', '0', '9999999999']),
    '{path…}': segmentArb([
      'README.md',
      'docs/images/logo.png',
      'assets/logo.svg',
      'public/demo.html',
      'docs/guide.md',
      'src',
      'logo@2x.png',
    ]),
  };
}

function fillTemplate(template: string, fillers: Record<string, fc.Arbitrary<string>>) {
  const pieces = template.split(/(\{[^}]+\})/).filter((piece) => piece !== '');
  return fc
    .tuple(...pieces.map((piece) => fillers[piece] ?? fc.constant(piece)))
    .map((parts) => parts.join(''));
}

const PARAM_NAMES = [
  'pagelen',
  'page',
  'q',
  'sort',
  'format',
  'max_depth',
  'include',
  'exclude',
  'path',
  'context',
  'state',
  'role',
  'ignore_whitespace',
  'access_token',
  'download',
  'returnTo',
  'slide',
  'code',
  'error',
  'fields',
];
const paramValueArb = fc.oneof(
  fc.constantFrom('1', '10', 'true', 'false', 'meta', 'rendered', 'OPEN', '-updated_on', 'main'),
  fc.constantFrom('name = "main"', '/acme/widgets', '//evil.test', 'https://evil.test', '/\\evil'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  longSegment,
);
const queryArb = fc
  .array(fc.tuple(fc.constantFrom(...PARAM_NAMES), paramValueArb), { maxLength: 4 })
  .chain((pairs) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(new URLSearchParams(pairs).toString()) },
      // Hand-made: raw `;`, `%`, `#`, unencoded characters.
      { weight: 1, arbitrary: fc.constant(pairs.map(([k, v]) => `${k}=${v}`).join('&')) },
      { weight: 1, arbitrary: fc.constant(pairs.map(([k, v]) => `${k}=${v}`).join(';')) },
    ),
  )
  .map((query) => (query === '' ? '' : `?${query}`));
const maybeQueryArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: queryArb },
);

/** Something to splice into a path: what attackers reach for to leave a prefix or a host. */
const TRICKS = [
  '/..',
  '/../..',
  '/.',
  '%2e%2e/',
  '/%2e%2e%2f',
  '%2f',
  '%2F',
  '//',
  '\\',
  '%5c',
  '@evil.test',
  '%40evil.test',
  '%00',
  '%0d%0a',
  '%25',
  '%252e%252e',
  ';',
  '..;/',
  '#',
  'é',
  '%E2%80%AE',
  '%C0%AE',
  '//evil.test/x',
  'http://evil.test/',
];
const mutationArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...TRICKS), fc.double({ min: 0, max: 1, noNaN: true })),
  },
);

function mutate(path: string, mutation: [string, number] | null): string {
  if (mutation === null) return path;
  const [trick, where] = mutation;
  const at = Math.max(1, Math.floor(where * path.length));
  return `${path.slice(0, at)}${trick}${path.slice(at)}`;
}

function routeArb(commit: string): fc.Arbitrary<string> {
  const fillers = placeholderArb(commit);
  const bff = fc.oneof(
    fc.constantFrom(...Object.values(BFF_ROUTES)),
    fc.constantFrom('/bff', '/bff/', '/bff/unknown', '/bff/session/', '/bff/login/'),
    fillers['{id}']!.map((id) => `${BFF_ROUTES.sessions}/${id}`),
    fc.stringMatching(/^[A-Za-z0-9_-]{22}$/).map((id) => `${BFF_ROUTES.sessions}/${id}`),
  );
  const api = fc
    .constantFrom(...ALLOWED_PATHS)
    .chain((template) => fillTemplate(template, fillers))
    .map((path) => `${API_PREFIX}${path}`);
  const raw = fc
    .tuple(fillers['{ws}']!, fillers['{repo}']!, fillers['{name…}']!, fillers['{path…}']!)
    .map(([ws, repo, ref, file]) => `/${ws}/${repo}/raw/${ref}/${file}`);
  const rawByHash = fillers['{path…}']!.map((file) => `/acme/widgets/raw/${commit}/${file}`);
  const shell = fc.constantFrom(
    '/',
    '/index.html',
    '/login',
    '/account',
    '/acme/widgets',
    '/acme/widgets/src/main/README.md',
    '/assets/index.js',
    '/assets/index-3f2a9c1b.js',
    '/favicon.ico',
    '/healthz',
    '/readyz',
    '/api',
    '/api/',
    '/api/2.0',
    '/api/1.0/user',
  );
  const anything = fc
    .array(segmentArb(['acme', 'widgets', 'raw', 'api', 'bff', '2.0', 'src']), { maxLength: 6 })
    .map((segments) => `/${segments.join('/')}`);
  return fc.oneof(
    { weight: 3, arbitrary: bff },
    { weight: 5, arbitrary: api },
    { weight: 2, arbitrary: raw },
    { weight: 2, arbitrary: rawByHash },
    { weight: 1, arbitrary: shell },
    { weight: 1, arbitrary: anything },
  );
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
const HEADER_CHOICES: ReadonlyArray<[string, fc.Arbitrary<string>]> = [
  ['X-CSRF', fc.constantFrom('1', '1', '1', '0', '', 'true', '1, 1')],
  [
    'Origin',
    fc.constantFrom(
      PUBLIC_URL,
      'https://evil.test',
      'null',
      `${PUBLIC_URL}/`,
      `${PUBLIC_URL}.evil.test`,
    ),
  ],
  ['Sec-Fetch-Site', fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none')],
  ['Sec-Fetch-Dest', fc.constantFrom('document', 'iframe', 'empty', 'image', 'object')],
  ['Sec-Fetch-Mode', fc.constantFrom('navigate', 'cors', 'no-cors', 'same-origin')],
  [
    'Content-Type',
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'APPLICATION/JSON',
      ),
      printable,
    ),
  ],
  ['Content-Length', fc.constantFrom('0', '1', '17', '999999999', '-1', 'abc', '8193')],
  ['Accept', fc.constantFrom('application/json', '*/*', 'text/html', 'image/*')],
  ['If-None-Match', fc.oneof(fc.constant('*'), printable)],
  ['Authorization', fc.constantFrom('Bearer evil', 'Basic ZXZpbDpldmls', 'Bearer ')],
  ['X-Forwarded-For', fc.constantFrom('203.0.113.9', '::1', 'garbage, 10.0.0.1')],
  ['X-Forwarded-Host', fc.constantFrom('evil.test', 'localhost:5173')],
  ['X-Forwarded-Proto', fc.constantFrom('http', 'https', 'gopher')],
  ['Forwarded', fc.constantFrom('for=1.2.3.4;host=evil.test;proto=http')],
  ['User-Agent', fc.oneof(printable, fc.constant('x'.repeat(4000)))],
  ['Range', fc.constantFrom('bytes=0-10', 'bytes=-1', 'bytes=abc')],
  ['Accept-Encoding', fc.constantFrom('gzip', 'br', 'identity', '*')],
];
/** What the SPA's own XHRs and a browser's navigations send; a hostile client sends anything. */
const APP_HEADERS: Array<[string, string]> = [
  ['X-CSRF', '1'],
  ['Sec-Fetch-Site', 'same-origin'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Dest', 'empty'],
];
const NAVIGATION_HEADERS: Array<[string, string]> = [
  ['Sec-Fetch-Site', 'same-origin'],
  ['Sec-Fetch-Mode', 'navigate'],
  ['Sec-Fetch-Dest', 'document'],
];
const randomHeadersArb = (maxLength: number) =>
  fc.subarray([...HEADER_CHOICES.keys()], { maxLength }).chain((picked) =>
    fc.tuple(
      ...picked.map((index) => {
        const [name, value] = HEADER_CHOICES[index]!;
        return value.map((text): [string, string] => [name, text]);
      }),
    ),
  );
const headersArb = fc
  .tuple(
    fc.constantFrom<Array<[string, string]>>(
      APP_HEADERS,
      APP_HEADERS,
      APP_HEADERS,
      NAVIGATION_HEADERS,
      [],
    ),
    fc.oneof(
      { weight: 4, arbitrary: randomHeadersArb(2) },
      { weight: 1, arbitrary: randomHeadersArb(HEADER_CHOICES.length) },
    ),
  )
  .map(([base, extra]) => {
    // A random header replaces the profile's header of the same name.
    const names = new Set(extra.map(([name]) => name.toLowerCase()));
    return [...base.filter(([name]) => !names.has(name.toLowerCase())), ...extra];
  });

const bodyArb = fc.option(
  fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc
      .record({
        username: fc.constantFrom(ALICE_EMAIL, 'alice', '', 'a:b', 'x'.repeat(400)),
        token: fc.constantFrom('api-token', 'wrong', '', 'y'.repeat(5000)),
      })
      .map((value) => JSON.stringify(value)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 8 * 1024, max: 200 * 1024 }).map((n) => `{"username":"${'u'.repeat(n)}"}`),
    fc.constant('username=alice&token=x'),
  ),
  { freq: 2 },
);

/** Every case: a request shaped like one of the BFF's routes, then bent. */
export function fuzzRequestArb(commit: string): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: methodArb,
    target: fc
      .tuple(routeArb(commit), mutationArb, maybeQueryArb)
      .map(([path, mutation, query]) => mutate(path, mutation) + query),
    headers: headersArb,
    session: fc.constantFrom<SessionChoice>(
      ...Array<SessionChoice>(5).fill('oauth'),
      ...Array<SessionChoice>(3).fill('token'),
      'none',
      'forged',
      'stale',
      'garbage',
      'empty',
      'twice',
    ),
    loginCookie: fc.constantFrom<FuzzRequest['loginCookie']>(
      'none',
      'none',
      'none',
      'forged',
      'garbage',
    ),
    body: bodyArb.map((body) => body ?? undefined),
    mood: fc.constantFrom<UpstreamMood>(
      ...Array<UpstreamMood>(16).fill('normal'),
      'expired-access-tokens',
      'expired-access-tokens',
      'revoked-grants',
      'api-unavailable',
      'api-redirects-away',
      'unreachable',
      'token-endpoint-garbage',
      'token-endpoint-error',
    ),
    realCallback: fc.constantFrom<FuzzRequest['realCallback']>(
      ...Array<FuzzRequest['realCallback']>(30).fill('no'),
      'as-sent',
      'no-state',
      'wrong-state',
      'two-codes',
      'error',
      'no-cookie',
    ),
  });
}

// ---------------------------------------------------------------------------------------------------------
// The world and one case

/** A base64url id of the same shape as a real one, naming no session. */
const FORGED_ID = 'Zm9yZ2VkLXNlc3Npb24taWQtdGhhdC1uYW1lcy1ub3RoaW5n';

function isStatusPassedThrough(path: string): boolean {
  return path.startsWith(`${API_PREFIX}/`) || /^\/[^/]+\/[^/]+\/raw\//.test(path);
}

/** A built SPA in miniature: the shell with its nonce placeholder, one hashed script, a favicon. */
export function inMemoryAssets(): StaticAssets {
  const files = new Map<string, Uint8Array>([
    [
      '/index.html',
      new TextEncoder().encode(
        `<!doctype html><html><head><script type="module" nonce="${CSP_NONCE_PLACEHOLDER}" src="/assets/index-3f2a9c1b.js"></script></head><body><div id="root"></div></body></html>`,
      ),
    ],
    ['/assets/index-3f2a9c1b.js', new TextEncoder().encode('document.title = "Pail";')],
    ['/favicon.ico', new Uint8Array([0, 0, 1, 0])],
  ]);
  return { read: async (path) => files.get(path) };
}

export async function createFuzzWorld(): Promise<FuzzWorld> {
  const sentinels = createSentinels(EMULATOR_ORIGIN, { tokenOrigin: TOKEN_ORIGIN });
  /** What each upstream exchange of the current case ended with: a status, or 'threw'. */
  const upstreamOutcomes: Array<number | 'threw' | 'timeout' | 'malformed'> = [];
  const translate = sentinels.upstream(() => h.emulator);
  /** How Bitbucket misbehaves during the current case (set by the case, read by the upstream). */
  let mood: UpstreamMood = 'normal';
  async function misbehave(call: UpstreamCall): Promise<Response | undefined> {
    const isToken = call.url.pathname === TOKEN_PATH;
    if (mood === 'unreachable') throw new TypeError('fetch failed');
    if (mood === 'api-unavailable' && !isToken) {
      return new Response('<html><body>503 Service Unavailable</body></html>', {
        status: 503,
        headers: { 'Content-Type': 'text/html', 'Retry-After': '5' },
      });
    }
    if (mood === 'api-redirects-away' && !isToken) {
      return new Response(null, {
        status: 302,
        headers: { Location: `https://evil.test${call.url.pathname}${call.url.search}` },
      });
    }
    if (mood === 'token-endpoint-garbage' && isToken) {
      return new Response('{"access_token": 42, "token_type": "mac"', {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    if (mood === 'token-endpoint-error' && isToken) {
      return new Response('Internal Server Error', { status: 500 });
    }
    return undefined;
  }
  const h = createHarness({
    env: sentinels.env({ revocation: true }),
    emulator: { revocationEndpoint: true },
    assets: inMemoryAssets(),
    upstream: async (call, forward) => {
      try {
        const response = (await misbehave(call)) ?? (await translate(call, forward));
        const malformed = mood === 'token-endpoint-garbage' && call.url.pathname === TOKEN_PATH;
        upstreamOutcomes.push(malformed ? 'malformed' : response.status);
        return response;
      } catch (error) {
        upstreamOutcomes.push(
          error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'threw',
        );
        throw error;
      }
    },
  });

  const realApiToken = h.emulator.controls.createApiToken({
    user: 'alice',
    scopes: [
      'read:user:bitbucket',
      'read:workspace:bitbucket',
      'read:repository:bitbucket',
      'read:pullrequest:bitbucket',
    ],
  }).token;
  const apiToken = sentinels.disguise('api-token', realApiToken);

  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);

  /** The world's own sign-ins come from an address of their own, so the cases' floods do not limit them. */
  const worldClient = { incoming: { socket: { remoteAddress: '198.51.100.7' } } };

  /** `GET /bff/login`, waiting out the sign-in start limit on the test clock if the cases used it up. */
  async function startLogin(jar: CookieJar): Promise<{ authorizeUrl: URL }> {
    for (;;) {
      const response = await h.request(BFF_ROUTES.login, { jar, env: worldClient });
      if (response.status === 302) {
        return { authorizeUrl: new URL(response.headers.get('Location') ?? '') };
      }
      if (response.status !== 429) throw new Error(`sign-in start failed: ${response.status}`);
      h.clock.advance(Number(response.headers.get('Retry-After') ?? 60) * 1000 + 1000);
    }
  }

  async function signInWithOAuth(): Promise<string> {
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(jar);
    const callback = sentinels.disguiseCode(await consent(h, authorizeUrl));
    await h.request(callback.pathname + callback.search, { jar });
    const id = jar.get(SESSION_COOKIE);
    if (id === undefined) throw new Error('the fuzz world could not sign in with OAuth');
    return id;
  }

  async function signInWithToken(): Promise<string> {
    for (;;) {
      const jar = new CookieJar();
      const response = await h.request(BFF_ROUTES.loginToken, {
        method: 'POST',
        jar,
        env: worldClient,
        csrf: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: ALICE_EMAIL, token: apiToken }),
      });
      const id = jar.get(SESSION_COOKIE);
      if (id !== undefined) return id;
      // The case before may have used up the sign-in attempts: wait them out on the test clock.
      if (response.status !== 429) throw new Error(`token sign-in failed: ${response.status}`);
      h.clock.advance(Number(response.headers.get('Retry-After') ?? 60) * 1000 + 1000);
    }
  }

  const ids = { oauth: await signInWithOAuth(), token: await signInWithToken() };
  /** The last session id an earlier case ended: what a stale cookie carries. */
  let lastEnded: string | undefined;
  let sessionsMayHaveEnded = false;

  const branches = await h.request(
    '/api/2.0/repositories/acme/widgets/refs/branches?q=name%20%3D%20%22main%22',
    { csrf: true, headers: { Cookie: `${SESSION_COOKIE}=${ids.oauth}` } },
  );
  const commit = ((await branches.json()) as { values: Array<{ target: { hash: string } }> })
    .values[0]?.target.hash;
  if (commit === undefined) throw new Error('the fuzz world found no main branch');

  async function refreshSessions(): Promise<void> {
    const check = async (id: string) =>
      (
        await h.app.request(BFF_ROUTES.session + '?slide=false', {
          headers: { 'X-CSRF': '1', Cookie: `${SESSION_COOKIE}=${id}` },
        })
      ).status === 200;
    if (!(await check(ids.oauth))) {
      lastEnded = ids.oauth;
      ids.oauth = await signInWithOAuth();
    }
    if (!(await check(ids.token))) {
      lastEnded = ids.token;
      ids.token = await signInWithToken();
    }
  }

  function cookieHeader(request: FuzzRequest, loginId: string | undefined): string | undefined {
    const parts: string[] = [];
    const session: Record<SessionChoice, string | undefined> = {
      none: undefined,
      oauth: ids.oauth,
      token: ids.token,
      forged: FORGED_ID,
      stale: lastEnded ?? FORGED_ID,
      garbage: '"\\;,é%00%ZZ',
      empty: '',
      twice: `${ids.oauth}; ${SESSION_COOKIE}=${FORGED_ID}`,
    };
    const value = session[request.session];
    if (value !== undefined) parts.push(`${SESSION_COOKIE}=${value}`);
    if (loginId !== undefined) parts.push(`${LOGIN_COOKIE}=${loginId}`);
    else if (request.loginCookie === 'forged') parts.push(`${LOGIN_COOKIE}=${FORGED_ID}`);
    else if (request.loginCookie === 'garbage') parts.push(`${LOGIN_COOKIE}=%%%`);
    return parts.length === 0 ? undefined : parts.join('; ');
  }

  /** A genuine callback target and its login cookie, bent as the case asks. */
  async function realCallbackTarget(
    kind: Exclude<FuzzRequest['realCallback'], 'no'>,
  ): Promise<{ target: string; loginId: string | undefined }> {
    const jar = new CookieJar();
    const { authorizeUrl } = await startLogin(jar);
    const url =
      kind === 'error'
        ? (() => {
            const denied = new URL(CALLBACK_URL);
            denied.searchParams.set('error', 'access_denied');
            denied.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
            return denied;
          })()
        : sentinels.disguiseCode(await consent(h, authorizeUrl));
    if (kind === 'no-state') url.searchParams.delete('state');
    if (kind === 'wrong-state') url.searchParams.set('state', FORGED_ID);
    if (kind === 'two-codes') url.searchParams.append('code', 'another-code');
    return {
      target: url.pathname + url.search,
      loginId: kind === 'no-cookie' ? undefined : jar.get(LOGIN_COOKIE),
    };
  }

  const stats: FuzzStats = { cases: 0, unbuildable: 0, statuses: new Map(), upstreamCalls: 0 };

  async function run(request: FuzzRequest): Promise<string[]> {
    const problems: string[] = [];
    stats.cases += 1;
    if (sessionsMayHaveEnded) {
      await refreshSessions();
      sessionsMayHaveEnded = false;
    }
    let target = request.target;
    let loginId: string | undefined;
    if (request.realCallback !== 'no') {
      ({ target, loginId } = await realCallbackTarget(request.realCallback));
    }
    if (request.mood === 'expired-access-tokens') h.emulator.controls.expireAccessTokens();
    // Token endpoint trouble only shows when a refresh is due.
    if (request.mood.startsWith('token-endpoint')) {
      h.emulator.controls.expireAccessTokens();
      sessionsMayHaveEnded = true;
    }
    if (request.mood === 'revoked-grants') {
      h.emulator.controls.revokeGrants();
      sessionsMayHaveEnded = true;
    }

    const headers = new Headers();
    for (const [name, value] of request.headers) headers.append(name, value);
    const cookie = cookieHeader(request, loginId);
    if (cookie !== undefined) headers.set('Cookie', cookie);
    const body =
      request.body === undefined || request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : request.body.replace(/"api-token"/g, JSON.stringify(apiToken));
    let incoming: Request;
    try {
      incoming = new Request(`${PUBLIC_URL}${target}`, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch {
      // Not an HTTP request a server could receive (the runtime refuses to build it): nothing to test.
      stats.unbuildable += 1;
      return [];
    }

    h.upstreamCalls.length = 0;
    upstreamOutcomes.length = 0;
    h.logger.entries.length = 0;
    mood = request.mood;
    let response: Response;
    let text: string;
    try {
      response = await h.app.fetch(incoming, { incoming: { url: target } });
      text = Buffer.from(await response.arrayBuffer()).toString('latin1');
    } catch (error) {
      return [`the request threw: ${error instanceof Error ? error.stack : String(error)}`];
    } finally {
      mood = 'normal';
    }
    // Let any stray rejection surface before judging.
    await new Promise((resolve) => setImmediate(resolve));
    stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
    stats.upstreamCalls += h.upstreamCalls.length;

    const path = new URL(incoming.url).pathname;
    if (response.status >= 500) {
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      const passedThrough =
        isStatusPassedThrough(path) && upstreamOutcomes.includes(response.status);
      // A HEAD answer has no body to name its code: its status and the upstream outcome must agree.
      const codeIs = (expected: string) => code === expected || incoming.method === 'HEAD';
      const upstreamFailed =
        (response.status === 502 &&
          codeIs('upstream_unavailable') &&
          upstreamOutcomes.some(
            (o) =>
              o === 'threw' ||
              o === 'malformed' ||
              (typeof o === 'number' && ((o >= 300 && o < 400 && o !== 304) || o >= 500)),
          )) ||
        (response.status === 504 &&
          codeIs('upstream_timeout') &&
          upstreamOutcomes.includes('timeout'));
      if (!passedThrough && !upstreamFailed) {
        problems.push(
          `status ${response.status} (${code ?? 'no code'}), upstream: ${upstreamOutcomes.join(',') || 'none'}`,
        );
      }
    }

    for (const call of h.upstreamCalls) {
      const where = `${call.url.origin}${call.url.pathname}`;
      const toApi = call.url.origin === EMULATOR_ORIGIN && call.url.pathname.startsWith('/2.0/');
      const toTokenEndpoint =
        call.url.origin === TOKEN_ORIGIN &&
        (call.url.pathname === TOKEN_PATH || call.url.pathname === REVOKE_PATH);
      if (!toApi && !toTokenEndpoint) problems.push(`an outbound request to ${where}`);
      const authorization = call.headers.get('Authorization') ?? '';
      if (authorization.startsWith('Bearer ') && !toApi) {
        problems.push(`a bearer token sent to ${where}`);
      }
      const secrets = sentinels.findIn(`${authorization} ${call.body}`);
      if (secrets.some((s) => s.kind === 'client-secret') && !toTokenEndpoint) {
        problems.push(`the client secret sent to ${where}`);
      }
      if (
        secrets.some((s) => s.kind === 'refresh-token' || s.kind === 'code') &&
        !toTokenEndpoint
      ) {
        problems.push(`a refresh token or code sent to ${where}`);
      }
    }

    const csrfSent = headers.get('X-CSRF') === '1';
    const xhrRoute =
      path === API_PREFIX ||
      path.startsWith(`${API_PREFIX}/`) ||
      (path.startsWith('/bff/') && path !== BFF_ROUTES.callback && path !== BFF_ROUTES.login);
    if (xhrRoute && !csrfSent && h.upstreamCalls.length > 0) {
      problems.push(`${h.upstreamCalls.length} upstream call(s) without X-CSRF`);
    }

    const surfaces = [
      `${response.status}`,
      ...[...response.headers].map(([name, value]) => `${name}: ${value}`),
      text,
      ...h.logger.entries.map((entry) => JSON.stringify(entry)),
    ];
    for (const surface of surfaces) {
      for (const sentinel of sentinels.findIn(surface)) {
        problems.push(`the ${sentinel.kind} sentinel in ${surface.slice(0, 80)}`);
      }
    }
    if (response.headers.get('X-Content-Type-Options') !== 'nosniff') problems.push('no nosniff');
    for (const [name] of response.headers) {
      if (name.startsWith('access-control-')) problems.push(`CORS header ${name}`);
    }
    if (unhandled.length > 0) {
      problems.push(`unhandled rejection: ${unhandled.map(String).join('; ')}`);
      unhandled.length = 0;
    }

    // Anything that may have ended a session (sign-out, a new sign-in, a failed refresh) is followed by a check.
    const endedSomething =
      response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)) ||
      (response.status === 204 && path.startsWith('/bff/'));
    if (endedSomething) sessionsMayHaveEnded = true;
    h.responses.length = 0;
    h.emulator.controls.clearRequests();
    return problems;
  }

  return {
    harness: h,
    sentinels,
    commit,
    run,
    stats,
    close: () => process.off('unhandledRejection', onUnhandled),
  };
}

/** The property: every generated request keeps every rule. */
export function fuzzProperty(world: FuzzWorld) {
  return fc.asyncProperty(fuzzRequestArb(world.commit), async (request) => {
    const problems = await world.run(request);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
}
