// One table of every kind of answer the BFF gives, each checked for the same hardening headers.
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import { createApp } from '../app';
import { parseConfig } from '../env';
import { HSTS_VALUE } from '../middleware/security-headers/security-headers';
import type { SessionStore } from '../session/session-store';
import { createHarness, type Harness } from '../testing/bff-harness';
import { CookieJar } from '../testing/cookie-jar';
import { testKey } from '../testing/keys';
import { createMemoryLogger } from '../testing/memory-logger';
import { inMemoryAssets } from './fuzz';

/** An https public URL, so HSTS is on as in production; token sign-in needs no registered callback. */
const PUBLIC_URL = 'https://pail.example.com';
const ALICE = SEED_API_TOKENS.aliceRead;

interface ResponseClass {
  name: string;
  status: number;
  /** Answers that only a signed-in browser gets, or that come from `/bff` or `/api`: never stored. */
  noStore: boolean;
  /** An HTML document of the app (the shell): its policy must let the app run, by nonce or hash only. */
  document?: boolean;
  send(world: World): Promise<Response>;
}

interface World {
  h: Harness;
  jar: CookieJar;
}

async function createWorld(): Promise<World> {
  const h = createHarness({
    env: { PAIL_PUBLIC_URL: PUBLIC_URL },
    assets: inMemoryAssets(),
    // Bitbucket is unreachable for one repository: the BFF answers 502 for it.
    upstream: async (call, forward) => {
      if (call.url.pathname.startsWith('/2.0/repositories/acme/storefront')) {
        throw new TypeError('fetch failed');
      }
      return forward();
    },
  });
  const jar = new CookieJar();
  const signIn = await h.request('/bff/login/token', {
    method: 'POST',
    jar,
    csrf: true,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: ALICE.email, token: ALICE.token }),
  });
  expect(signIn.status).toBe(200);
  return { h, jar };
}

/** A session store that fails every call, as a lost database connection would. */
const brokenStore: SessionStore = {
  get: () => Promise.reject(new Error('connection lost')),
  set: () => Promise.reject(new Error('connection lost')),
  delete: () => Promise.reject(new Error('connection lost')),
  take: () => Promise.reject(new Error('connection lost')),
  ping: () => Promise.reject(new Error('connection lost')),
  withLock: () => Promise.reject(new Error('connection lost')),
};

function appWithBrokenStore() {
  const parsed = parseConfig({
    NODE_ENV: 'test',
    PAIL_PUBLIC_URL: PUBLIC_URL,
    PAIL_SESSION_KEYS: testKey(1),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return createApp({
    config: parsed.config,
    store: brokenStore,
    fetch: () => Promise.reject(new TypeError('fetch failed')),
    now: () => Date.UTC(2026, 9, 1),
    logger: createMemoryLogger(),
  });
}

const xhr = (world: World, path: string, init: { method?: string; csrf?: boolean } = {}) =>
  world.h.request(path, { jar: world.jar, csrf: init.csrf ?? true, method: init.method ?? 'GET' });

const CLASSES: ResponseClass[] = [
  {
    name: 'the SPA shell (GET /)',
    status: 200,
    noStore: false,
    document: true,
    send: (w) => w.h.request('/'),
  },
  {
    name: 'the SPA shell on a deep link (GET /acme/widgets/src/main/README.md)',
    status: 200,
    noStore: false,
    document: true,
    send: (w) => w.h.request('/acme/widgets/src/main/README.md'),
  },
  {
    name: 'a hashed asset (GET /assets/…)',
    status: 200,
    noStore: false,
    send: (w) => w.h.request('/assets/index-3f2a9c1b.js'),
  },
  {
    name: 'GET /bff/session signed in (200)',
    status: 200,
    noStore: true,
    send: (w) => xhr(w, '/bff/session'),
  },
  {
    name: 'GET /bff/session signed out (401)',
    status: 401,
    noStore: true,
    send: (w) => w.h.request('/bff/session', { csrf: true }),
  },
  {
    name: 'GET /bff/session without X-CSRF (403)',
    status: 403,
    noStore: true,
    send: (w) => xhr(w, '/bff/session', { csrf: false }),
  },
  {
    name: 'GET /bff/login (302 to Bitbucket)',
    status: 302,
    noStore: true,
    send: (w) => w.h.request('/bff/login?returnTo=%2Facme'),
  },
  {
    name: 'GET /bff/callback without a sign-in (302 to the sign-in page)',
    status: 302,
    noStore: true,
    send: (w) => w.h.request('/bff/callback?code=x&state=y'),
  },
  {
    name: 'GET /bff/sessions (200)',
    status: 200,
    noStore: true,
    send: (w) => xhr(w, '/bff/sessions'),
  },
  {
    name: 'POST /bff/logout without a session (204)',
    status: 204,
    noStore: true,
    send: (w) => w.h.request('/bff/logout', { method: 'POST', csrf: true }),
  },
  {
    name: 'POST /bff/csp-report from the browser, without X-CSRF (204)',
    status: 204,
    noStore: true,
    send: (w) =>
      w.h.request('/bff/csp-report', {
        method: 'POST',
        headers: { 'Content-Type': 'application/reports+json' },
        body: JSON.stringify([
          {
            type: 'csp-violation',
            body: {
              documentURL: `${PUBLIC_URL}/acme`,
              blockedURL: 'https://evil.test/x.png',
              effectiveDirective: 'img-src',
              disposition: 'enforce',
            },
          },
        ]),
      }),
  },
  {
    name: 'POST /bff/csp-report with another Content-Type (415)',
    status: 415,
    noStore: true,
    send: (w) =>
      w.h.request('/bff/csp-report', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: '{}',
      }),
  },
  {
    name: 'GET /api/2.0/repositories/acme/widgets (200 JSON)',
    status: 200,
    noStore: true,
    send: (w) => xhr(w, '/api/2.0/repositories/acme/widgets'),
  },
  {
    name: 'GET /api/… a README as text (200)',
    status: 200,
    noStore: true,
    send: (w) => xhr(w, '/api/2.0/repositories/acme/widgets/src/main/README.md'),
  },
  {
    name: 'GET /api/… with a foreign Origin (403)',
    status: 403,
    noStore: true,
    send: (w) =>
      w.h.request('/api/2.0/user', {
        jar: w.jar,
        csrf: true,
        headers: { Origin: 'https://evil.test' },
      }),
  },
  {
    name: 'GET /api/… a repository Bitbucket does not know (404 passed through)',
    status: 404,
    noStore: true,
    send: (w) => xhr(w, '/api/2.0/repositories/acme/no-such-repository'),
  },
  {
    name: 'GET /api/… a path outside the allowlist (400)',
    status: 400,
    noStore: true,
    send: (w) => xhr(w, '/api/2.0/repositories/acme/widgets/hooks'),
  },
  {
    name: 'POST /api/… (405)',
    status: 405,
    noStore: true,
    send: (w) => xhr(w, '/api/2.0/user', { method: 'POST' }),
  },
  {
    name: 'GET /api/… while Bitbucket is unreachable (502)',
    status: 502,
    noStore: true,
    send: (w) => xhr(w, '/api/2.0/repositories/acme/storefront'),
  },
  {
    name: 'a raw file (GET /acme/widgets/raw/main/README.md)',
    status: 200,
    noStore: true,
    send: (w) => w.h.request('/acme/widgets/raw/main/README.md', { jar: w.jar }),
  },
  {
    name: 'a raw file signed out (302 to the sign-in page)',
    status: 302,
    noStore: true,
    send: (w) => w.h.request('/acme/widgets/raw/main/README.md'),
  },
  {
    name: 'a raw file that does not exist (404)',
    status: 404,
    noStore: true,
    send: (w) => w.h.request('/acme/widgets/raw/main/no-such-file.txt', { jar: w.jar }),
  },
  {
    name: 'an unknown /bff path (404)',
    status: 404,
    noStore: true,
    send: (w) => w.h.request('/bff/no-such-endpoint'),
  },
  {
    name: 'a stale hashed asset (404)',
    status: 404,
    noStore: true,
    send: (w) => w.h.request('/assets/index-0ld0ld00.js'),
  },
  {
    name: 'an internal error: the session store fails (500)',
    status: 500,
    noStore: true,
    send: async () =>
      appWithBrokenStore().request('/bff/session', {
        headers: { 'X-CSRF': '1', Cookie: `__Host-pail-session=${'A'.repeat(43)}` },
      }),
  },
  {
    name: 'GET /healthz (200)',
    status: 200,
    noStore: true,
    send: (w) => w.h.request('/healthz'),
  },
  {
    name: 'GET /readyz while the session store is down (503)',
    status: 503,
    noStore: true,
    send: async () => appWithBrokenStore().request('/readyz'),
  },
];

/** A Content-Security-Policy as directive name → sources. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** What the policy lets scripts do, judged as a browser would (script-src, else default-src). */
function scriptSources(policy: Map<string, string[]>): string[] | undefined {
  return policy.get('script-src') ?? policy.get('default-src');
}

describe('response headers on every kind of answer', () => {
  // One signed-in browser for every row: no row changes what another sees (the sign-out row has no cookie).
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
  });

  it.each(CLASSES)(
    '$name: a strict CSP, HSTS for a year, nosniff, Referrer-Policy, COOP, CORP, and no-store where private',
    async (responseClass) => {
      const response = await responseClass.send(world);
      expect(response.status).toBe(responseClass.status);
      const headers = response.headers;

      const policyText = headers.get('Content-Security-Policy');
      expect(policyText, 'Content-Security-Policy').not.toBeNull();
      const policy = parsePolicy(policyText ?? '');
      const scripts = scriptSources(policy);
      expect(scripts, 'script-src or default-src').toBeDefined();
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      if (responseClass.document) {
        // Scripts run by this response's nonce (or a hash) only, never by where they come from.
        expect(scripts?.some((source) => /^'(?:nonce|sha256|sha384|sha512)-/.test(source))).toBe(
          true,
        );
        // Beside them only keywords that allow nothing by themselves.
        expect(
          scripts?.every((s) => /^'(?:nonce-|sha\d+-|strict-dynamic'|report-sample')/.test(s)),
        ).toBe(true);
      } else {
        expect(scripts).toEqual(["'none'"]);
      }
      expect(policy.get('object-src') ?? policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);

      expect(headers.get('Strict-Transport-Security')).toBe(HSTS_VALUE);
      expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
      expect(headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
      const cacheControl = headers.get('Cache-Control') ?? '';
      if (responseClass.noStore) {
        expect(cacheControl).toMatch(/(?:^|,)\s*no-store\b/);
        expect(cacheControl).not.toMatch(/\bpublic\b/);
      }
      for (const name of headers.keys()) expect(name).not.toMatch(/^access-control-/i);
    },
  );

  it('the shell gets a fresh nonce on every load, and it is the one its script tags carry', async () => {
    const nonces = [];
    for (let i = 0; i < 2; i += 1) {
      const response = await world.h.request('/');
      const policy = parsePolicy(response.headers.get('Content-Security-Policy') ?? '');
      const nonce = /^'nonce-(.+)'$/.exec(
        scriptSources(policy)?.find((s) => s.startsWith("'nonce-")) ?? '',
      )?.[1];
      expect(nonce).toMatch(/^[A-Za-z0-9+/_=-]{22,}$/);
      expect(await response.text()).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});
