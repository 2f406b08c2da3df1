import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createHarness,
  EMULATOR_ORIGIN,
  TOKEN_PATH,
  type Harness,
  type UpstreamCall,
} from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import type { CookieJar } from '../testing/cookie-jar';

const EVIL_ORIGIN = 'https://evil.test';
const REPO = '/2.0/repositories/acme/widgets';

/**
 * A BFF whose Bitbucket is the emulator, next to an "evil" host that answers anything and counts what
 * reached it. `redirectFrom` makes Bitbucket answer every path under those prefixes with a redirect.
 */
async function withEvilHost(
  redirectFrom: Record<string, { status: number; location: string }> = {},
) {
  const evil: UpstreamCall[] = [];
  const h = createHarness({
    upstream: async (call, forward) => {
      if (call.url.origin !== EMULATOR_ORIGIN) {
        evil.push(call);
        return Response.json({ stolen: true });
      }
      const prefix = Object.keys(redirectFrom).find((p) => call.url.pathname.startsWith(p));
      const redirect = prefix === undefined ? undefined : redirectFrom[prefix];
      if (redirect) {
        return new Response(null, {
          status: redirect.status,
          headers: { Location: redirect.location },
        });
      }
      return forward();
    },
  });
  const { jar } = await signIn(h);
  const signedInCalls = h.upstreamCalls.length;
  const afterSignIn = () => h.upstreamCalls.slice(signedInCalls);
  return { h, jar, evil, afterSignIn };
}

function get(h: Harness, jar: CookieJar, path: string, headers: Record<string, string> = {}) {
  return h.request(path, { jar, csrf: true, headers, env: { incoming: { url: path } } });
}

describe('the proxy never sends anything to a host other than Bitbucket', () => {
  it.each([
    `/api/${EVIL_ORIGIN}/2.0/user`,
    '/api/https:/evil.test/2.0/user',
    '/api/https:%2F%2Fevil.test/2.0/user',
    '/api/%2F%2Fevil.test/2.0/user',
    '/api/%252F%252Fevil.test/2.0/user',
    '/api/\\\\evil.test/2.0/user',
    '/api/%5C%5Cevil.test/2.0/user',
    '/api/2.0/user@evil.test',
    '/api/2.0/repositories/acme@evil.test/widgets',
    '/api/user:pass@evil.test/2.0/user',
    '/api/2.0/repositories/%252e%252e/%252e%252e/user',
    '/api/2.0/repositories/%c0%ae%c0%ae/user',
    '/api/2.0/repositories/．．/user',
    '/api/2.0/repositories/acme/widgets/src/main/..;/..;/user',
    '/api/2.0/repositories/acme/widgets/src/main/..\\..\\user',
    '/api/2.0/repositories/acme/widgets/src/main/%2e%2e%5c%2e%2e%5cuser',
    '/api/2.0/user%23@evil.test',
    '/api/2.0/user%3F@evil.test',
    '/api/2.0/user%0d%0aHost:%20evil.test',
    '/api/2.0/user?next=https://evil.test',
  ])('refuses %s, and neither Bitbucket nor the evil host hears of it', async (path) => {
    const { h, jar, evil, afterSignIn } = await withEvilHost();
    const response = await get(h, jar, path);
    expect(response.status).toBe(400);
    expect(evil).toEqual([]);
    expect(afterSignIn()).toEqual([]);
  });

  it('sends every proxied request to the API origin and an allowlisted /2.0 path (property)', async () => {
    const { h, jar, evil, afterSignIn } = await withEvilHost();
    const piece = fc.constantFrom(
      '2.0',
      'repositories',
      'acme',
      'widgets',
      'user',
      'src',
      'main',
      '..',
      '.',
      '%2e%2e',
      '%2f',
      '%5c',
      '\\',
      '@evil.test',
      'evil.test',
      'https:',
      '',
      '%00',
      ';',
      '?',
      '#',
      '%252f',
      '~',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), async (pieces) => {
        await get(h, jar, `/api/${pieces.join('/')}`);
        expect(evil).toEqual([]);
        for (const call of afterSignIn()) {
          expect(call.url.origin).toBe(EMULATOR_ORIGIN);
          expect(call.url.pathname).toMatch(/^\/2\.0\//);
          expect(call.url.username + call.url.password).toBe('');
        }
      }),
      { numRuns: 150, seed: 20261001 },
    );
  });
});

describe("the browser's headers never reach Bitbucket", () => {
  const HOSTILE = {
    Authorization: 'Bearer attacker-token',
    'Proxy-Authorization': 'Basic YXR0YWNrZXI6eA==',
    'X-Forwarded-For': '203.0.113.66',
    'X-Forwarded-Host': 'evil.test',
    'X-Forwarded-Proto': 'http',
    Forwarded: 'for=203.0.113.66;host=evil.test',
    'X-Real-IP': '203.0.113.66',
    Origin: 'http://localhost:5173',
    Referer: 'http://localhost:5173/acme',
    'Sec-Fetch-Site': 'same-origin',
    'X-Custom': 'nope',
    'If-None-Match': '"abc"',
  };

  it.each([
    ['an API call', '/api/2.0/repositories/acme/widgets'],
    ['a raw file', '/acme/widgets/raw/main/README.md'],
  ])('%s sends only the BFF’s own credentials and a few known headers', async (_, path) => {
    const { h, jar, afterSignIn } = await withEvilHost();
    const response = await get(h, jar, path, {
      ...HOSTILE,
      Cookie: `${jar.header() ?? ''}; bb_session=attacker`,
    });
    expect(response.status).toBe(200);
    const calls = afterSignIn();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const names = [...call.headers.keys()];
      expect(
        names.every((name) => ['accept', 'authorization', 'if-none-match'].includes(name)),
      ).toBe(true);
      const authorization = call.headers.get('authorization') ?? '';
      expect(authorization).toMatch(/^Bearer /);
      expect(h.secrets.has(authorization.slice('Bearer '.length))).toBe(true);
    }
  });
});

describe('a redirect from Bitbucket to another host is not followed', () => {
  it.each([301, 302, 303, 307, 308])(
    'a %i to the evil host, from the proxy and from a raw file: 502, and the evil host hears nothing',
    async (status) => {
      const { h, jar, evil } = await withEvilHost({
        [`${REPO}/src/`]: { status, location: `${EVIL_ORIGIN}/steal` },
        [`${REPO}/commits`]: { status, location: `//evil.test/steal` },
      });
      for (const path of [`/api${REPO}/src/main/README.md`, `/api${REPO}/commits`]) {
        const response = await get(h, jar, path);
        expect(response.status).toBe(502);
        expect(response.headers.get('Location')).toBeNull();
      }
      const raw = await h.request('/acme/widgets/raw/main/README.md', { jar });
      expect(raw.status).toBe(502);
      expect(raw.headers.get('Location')).toBeNull();
      expect(evil).toEqual([]);
      expect(h.leakedSecrets()).toEqual([]);
    },
  );
});

describe('over a whole visit, tokens go only where they belong', () => {
  it('sends the access token only to the API origin, only as a Bearer header; the secret only as Basic to the token endpoint', async () => {
    const { h, jar, evil } = await withEvilHost();
    for (const path of [
      '/api/2.0/user',
      '/api/2.0/user/workspaces',
      `/api${REPO}`,
      `/api${REPO}/refs/branches`,
    ]) {
      expect((await get(h, jar, path)).status).toBe(200);
    }
    // Past the access token's life: a refresh, then more browsing.
    h.clock.advance(7200 * 1000 - 30_000);
    expect((await get(h, jar, `/api${REPO}/commits`)).status).toBe(200);
    expect((await h.request('/acme/widgets/raw/main/README.md', { jar })).status).toBe(200);
    expect((await h.request('/bff/logout', { method: 'POST', jar, csrf: true })).status).toBe(204);

    expect(evil).toEqual([]);
    const secrets = [...h.secrets];
    const tokenCalls = h.upstreamCalls.filter((call) => call.url.pathname === TOKEN_PATH);
    expect(tokenCalls.map((call) => new URLSearchParams(call.body).get('grant_type'))).toEqual([
      'authorization_code',
      'refresh_token',
    ]);
    for (const call of h.upstreamCalls) {
      expect(call.url.origin).toBe(EMULATOR_ORIGIN);
      // RFC 6750 §2.3 and RFC 9700 §4.3.2: never in a URL.
      expect(call.url.search).not.toMatch(/access_token|refresh_token|client_secret/);
      expect(secrets.some((secret) => call.url.href.includes(secret))).toBe(false);
      const authorization = call.headers.get('authorization') ?? '';
      if (call.url.pathname === TOKEN_PATH) {
        expect(authorization).toMatch(/^Basic /);
        expect(new URLSearchParams(call.body).has('client_secret')).toBe(false);
      } else {
        expect(call.url.pathname).toMatch(/^\/2\.0\//);
        expect(authorization).toMatch(/^Bearer /);
      }
    }
  });
});
