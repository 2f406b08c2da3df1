import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@pail/shared';
import { createHarness, type UpstreamCall } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import { findSetCookie } from '../testing/set-cookie';

const REPO = '/2.0/repositories/acme/widgets';
const MAIN = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const FEATURE = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
const DARK_MODE = 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4';
const BUGFIX = 'b9b9b9b9b9b9b9b9b9b9b9b9b9b9b9b9b9b9b9b9';
const TAG = 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1';

const BRANCHES: Record<string, string> = {
  main: MAIN,
  feature: FEATURE,
  'feature/dark-mode': DARK_MODE,
  'bugfix/PAIL-42/login-redirect': BUGFIX,
};
const TAGS: Record<string, string> = { 'v1.0.0': TAG };

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const BINARY = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x3e, 0]);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pailXss=\'svg-onload\'"><script>window.__pailXss=\'svg\'</script></svg>';
const HTML = "<script>window.__pailXss='html'; document.title='pwned'</script>";

/** Files by `{hash}/{path}` (path as Bitbucket sees it, percent-encoded), with the type Bitbucket gives. */
const FILES: Record<string, { type: string; body: string | Uint8Array }> = {
  [`${MAIN}/README.md`]: { type: 'text/markdown', body: '# Widgets\n' },
  [`${MAIN}/notes.txt`]: { type: 'text/plain', body: 'plain notes\n' },
  [`${MAIN}/assets/logo.svg`]: { type: 'image/svg+xml', body: SVG },
  [`${MAIN}/public/demo.html`]: { type: 'text/html', body: HTML },
  [`${MAIN}/docs/images/logo.png`]: { type: 'image/png', body: PNG },
  [`${MAIN}/bin/widgets-linux-amd64`]: { type: 'application/octet-stream', body: BINARY },
  [`${MAIN}/Dockerfile`]: { type: 'application/octet-stream', body: 'FROM node:20\n' },
  [`${MAIN}/docs/Caf%C3%A9%20notes%20%E2%80%94%202026.md`]: {
    type: 'text/markdown',
    body: '# Café notes\n',
  },
  [`${DARK_MODE}/src/theme/dark-mode.ts`]: {
    type: 'text/x-typescript',
    body: 'export const dark = true;\n',
  },
  [`${FEATURE}/dark-mode/src/theme/dark-mode.ts`]: { type: 'text/plain', body: 'wrong branch' },
  [`${BUGFIX}/src/index.ts`]: { type: 'text/x-typescript', body: 'export {};\n' },
  [`${TAG}/package.json`]: { type: 'application/json', body: '{"version":"1.0.0"}\n' },
};

function refPage(refs: Record<string, string>, call: UpstreamCall): Response {
  const q = call.url.searchParams.get('q') ?? '';
  const names = [...q.matchAll(/name = "([^"]*)"/g)].map((match) => match[1]);
  const values = names
    .filter((name): name is string => name !== undefined && Object.hasOwn(refs, name))
    .map((name) => ({ type: 'branch', name, target: { type: 'commit', hash: refs[name] } }));
  return Response.json({ pagelen: 10, values });
}

/** Plays Bitbucket for acme/widgets (refs and `src`); everything else is the emulator. */
async function rawHarness() {
  const h = createHarness({
    upstream: async (call, forward) => {
      const path = call.url.pathname;
      if (path === `${REPO}/refs/branches`) return refPage(BRANCHES, call);
      if (path === `${REPO}/refs/tags`) return refPage(TAGS, call);
      const source = /^\/2\.0\/repositories\/acme\/widgets\/src\/(.+)$/.exec(path);
      if (source) {
        const file = FILES[source[1] ?? ''];
        if (file === undefined) {
          return Response.json(
            { type: 'error', error: { message: 'No such file or directory' } },
            { status: 404 },
          );
        }
        const etag = `"${source[1]?.length ?? 0}"`;
        if (call.headers.get('if-none-match') === etag) {
          return new Response(null, { status: 304, headers: { ETag: etag } });
        }
        return new Response(file.body, {
          headers: {
            'Content-Type': file.type,
            'Content-Disposition': 'attachment; filename="from-bitbucket"',
            ETag: etag,
            'Set-Cookie': 'bb_session=upstream-secret; Path=/',
          },
        });
      }
      return forward();
    },
  });
  const { jar } = await signIn(h);
  const upstreamPaths = () =>
    h.upstreamCalls.map((call) => call.url.pathname).filter((p) => p.startsWith(REPO));
  return { h, jar, upstreamPaths };
}

describe('raw files: signed out', () => {
  it('sends a navigation to sign-in, coming back to this file afterwards', async () => {
    const h = createHarness();
    const path = '/acme/widgets/raw/main/docs/Caf%C3%A9%20notes%20%E2%80%94%202026.md?download=1';
    const response = await h.request(path);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('Location') ?? '', 'http://pail.test');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('returnTo')).toBe(path);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(h.upstreamCalls.filter((call) => call.url.pathname.startsWith('/2.0/'))).toEqual([]);
  });

  it('clears a cookie that names no live session', async () => {
    const h = createHarness();
    const jar = h.newJar();
    jar.set(SESSION_COOKIE, 'x'.repeat(43));
    const response = await h.request('/acme/widgets/raw/main/README.md', { jar });
    expect(response.status).toBe(302);
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
  });
});

describe('raw files: a session that ends', () => {
  it('sends the navigation to sign-in when the grant was revoked, clearing the cookie', async () => {
    const { h, jar } = await rawHarness();
    h.emulator.controls.revokeGrants('alice');
    // Near the access token's expiry, so the BFF must refresh, and the refresh is refused.
    h.clock.advance(7200 * 1000 - 30_000);
    const response = await h.request(`/acme/widgets/raw/${MAIN}/README.md`, { jar });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(
      `/login?returnTo=${encodeURIComponent(`/acme/widgets/raw/${MAIN}/README.md`)}`,
    );
    expect(findSetCookie(response, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
  });
});

describe('raw files: how each kind is served', () => {
  it.each([
    ['assets/logo.svg', SVG],
    ['public/demo.html', HTML],
  ])('shows active content (%s) as sandboxed plain text, never rendered', async (path, body) => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/${path}`, { jar });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(/^inline; /);
    expect(response.headers.get('Content-Security-Policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.text()).toBe(body);
  });

  it('serves a PNG inline as an image, bytes intact', async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/docs/images/logo.png`, { jar });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('image/png');
    expect(response.headers.get('Content-Disposition')).toBe(
      `inline; filename="logo.png"; filename*=UTF-8''logo.png`,
    );
    expect(response.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
  });

  it.each([
    ['notes.txt', 'plain notes\n'],
    ['README.md', '# Widgets\n'],
    ['Dockerfile', 'FROM node:20\n'],
  ])('shows text (%s) inline as UTF-8 plain text', async (path, body) => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/${path}`, { jar });
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(/^inline; /);
    expect(await response.text()).toBe(body);
  });

  it('offers binary bytes as a download, unchanged', async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/bin/widgets-linux-amd64`, { jar });
    expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="widgets-linux-amd64"; filename*=UTF-8''widgets-linux-amd64`,
    );
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(BINARY);
  });

  it('downloads under the exact unicode name with ?download=1 (RFC 6266)', async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(
      `/acme/widgets/raw/${MAIN}/docs/Caf%C3%A9%20notes%20%E2%80%94%202026.md?download=1`,
      { jar },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="Caf_ notes _ 2026.md"; filename*=UTF-8''Caf%C3%A9%20notes%20%E2%80%94%202026.md`,
    );
    expect(await response.text()).toBe('# Café notes\n');
  });

  it('downloads active content too, never inline', async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/public/demo.html?download=true`, {
      jar,
    });
    expect(response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="demo.html"/,
    );
    expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
  });

  it('streams a large file (3 MB) whole, sniffed without losing a byte', async () => {
    const size = 3 * 1024 * 1024;
    const line = 'a line of the large fixture, numbered and long enough to matter\n';
    const text = line.repeat(Math.ceil(size / line.length)).slice(0, size);
    const file = `${REPO}/src/${MAIN}/data/large-fixture.txt`;
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === file
          ? new Response(text, {
              headers: {
                'Content-Type': 'application/octet-stream',
                'Content-Length': String(size),
              },
            })
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request(`/acme/widgets/raw/${MAIN}/data/large-fixture.txt`, { jar });
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('Content-Length')).toBe(String(size));
    expect(await response.text()).toBe(text);
  });

  it('answers 504 when Bitbucket stalls before the bytes that tell text from binary', async () => {
    const file = `${REPO}/src/${MAIN}/Dockerfile`;
    const h = createHarness({
      upstreamTimeoutMs: 50,
      upstream: async (call, forward) =>
        call.url.pathname === file
          ? new Response(new ReadableStream({ start() {} }), {
              headers: { 'Content-Type': 'application/octet-stream' },
            })
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request(`/acme/widgets/raw/${MAIN}/Dockerfile`, { jar });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it("passes ETag and If-None-Match through, and Bitbucket's 304 back", async () => {
    const { h, jar } = await rawHarness();
    const first = await h.request(`/acme/widgets/raw/${MAIN}/README.md`, { jar });
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^".+"$/);
    const again = await h.request(`/acme/widgets/raw/${MAIN}/README.md`, {
      jar,
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('answers HEAD with the same headers and no body', async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/assets/logo.svg`, {
      jar,
      method: 'HEAD',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it("passes Bitbucket's 404 through for a missing file", async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/nope.txt`, { jar });
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
    expect(await response.json()).toMatchObject({ type: 'error' });
  });

  it('leaks no token, upstream cookie or Authorization to the browser', async () => {
    const { h, jar } = await rawHarness();
    for (const path of ['README.md', 'docs/images/logo.png', 'bin/widgets-linux-amd64']) {
      const response = await h.request(`/acme/widgets/raw/main/${path}`, { jar });
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.headers.get('Authorization')).toBeNull();
      expect([...response.headers.values()].join('\n')).not.toContain('upstream-secret');
    }
    expect(h.leakedSecrets()).toEqual([]);
    const sourceCalls = h.upstreamCalls.filter((call) => call.url.pathname.includes('/src/'));
    expect(sourceCalls.every((call) => call.headers.get('cookie') === null)).toBe(true);
  });
});

describe('raw files: refs', () => {
  it.each([
    ['feature/dark-mode', 'src/theme/dark-mode.ts', DARK_MODE],
    ['bugfix/PAIL-42/login-redirect', 'src/index.ts', BUGFIX],
    ['main', 'README.md', MAIN],
    ['v1.0.0', 'package.json', TAG],
  ])('resolves %s to its commit, the longest matching name first', async (ref, path, hash) => {
    const { h, jar, upstreamPaths } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${ref}/${path}`, { jar });
    expect(response.status).toBe(200);
    expect(upstreamPaths()).toContain(`${REPO}/src/${hash}/${path}`);
    expect(upstreamPaths().filter((p) => p.includes('/src/'))).toHaveLength(1);
  });

  it('uses a full commit hash as it is, without looking refs up', async () => {
    const { h, jar, upstreamPaths } = await rawHarness();
    await h.request(`/acme/widgets/raw/${MAIN}/README.md`, { jar });
    expect(upstreamPaths()).toEqual([`${REPO}/src/${MAIN}/README.md`]);
  });

  it('answers 404 for a name that is no branch, tag or commit, reading no file', async () => {
    const { h, jar, upstreamPaths } = await rawHarness();
    const response = await h.request('/acme/widgets/raw/no-such-branch/README.md', { jar });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(upstreamPaths().some((p) => p.includes('/src/'))).toBe(false);
  });

  it('quotes each candidate name in one filter per kind', async () => {
    const { h, jar } = await rawHarness();
    await h.request('/acme/widgets/raw/bugfix/PAIL-42/login-redirect/src/index.ts', { jar });
    const lookup = h.upstreamCalls.find((call) => call.url.pathname === `${REPO}/refs/branches`);
    expect(lookup?.url.searchParams.get('q')).toBe(
      'name = "bugfix" OR name = "bugfix/PAIL-42" OR name = "bugfix/PAIL-42/login-redirect" OR name = "bugfix/PAIL-42/login-redirect/src"',
    );
  });

  it('serves a repository that is itself called raw', async () => {
    const h = createHarness({
      upstream: async (call, forward) =>
        call.url.pathname === `/2.0/repositories/acme/raw/src/${MAIN}/README.md`
          ? new Response('# raw\n', { headers: { 'Content-Type': 'text/markdown' } })
          : forward(),
    });
    const { jar } = await signIn(h);
    const response = await h.request(`/acme/raw/raw/${MAIN}/README.md`, { jar });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('# raw\n');
  });
});

describe('raw files: refusals (nothing reaches Bitbucket)', () => {
  it.each([
    `/acme/widgets/raw/${MAIN}`,
    `/acme/widgets/raw/${MAIN}/`,
    `/acme/widgets/raw/${MAIN}/docs/`,
    `/acme/widgets/raw/${MAIN}/docs/../README.md`,
    `/acme/widgets/raw/${MAIN}/docs/%2e%2e/x`,
    `/acme/widgets/raw/${MAIN}/docs%2fguide.md`,
    `/acme/widgets/raw/${MAIN}/a;b.txt`,
    `/acme/widgets/raw/${MAIN}/a%00.txt`,
    `/acme/widgets/raw/${MAIN}/bad%E2%80.txt`,
    `/acme/widgets/raw/${MAIN}/README.md?download=yes`,
    `/acme/widgets/raw/${MAIN}/README.md?at=main`,
    `/acme/widgets/raw/${MAIN}/README.md?download=1&download=1`,
    `/-acme/widgets/raw/${MAIN}/README.md`,
    `/acme/wid%20gets/raw/${MAIN}/README.md`,
  ])('refuses %s with 400', async (path) => {
    const { h, jar, upstreamPaths } = await rawHarness();
    const response = await h.request(path, { jar, env: { incoming: { url: path } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(upstreamPaths()).toEqual([]);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405', async (method) => {
    const { h, jar, upstreamPaths } = await rawHarness();
    const response = await h.request(`/acme/widgets/raw/${MAIN}/README.md`, { jar, method });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, HEAD');
    expect(upstreamPaths()).toEqual([]);
  });

  it("leaves the BFF's own prefixes alone (/api/…/raw/… is the proxy, which wants X-CSRF)", async () => {
    const { h, jar } = await rawHarness();
    const response = await h.request(`/api/widgets/raw/${MAIN}/README.md`, { jar });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'csrf_required' } });
  });
});

describe("raw files: the emulator's seeded acme/widgets", () => {
  async function seeded() {
    const h = createHarness();
    const { jar } = await signIn(h);
    return { h, jar, get: (path: string) => h.request(path, { jar }) };
  }

  it('serves the hostile SVG and HTML as sandboxed text, the PNG as an image', async () => {
    const { get } = await seeded();
    for (const path of ['assets/logo.svg', 'public/demo.html']) {
      const response = await get(`/acme/widgets/raw/main/${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
      expect(await response.text()).toContain('window.__pailXss');
    }
    const png = await get('/acme/widgets/raw/main/docs/images/logo.png');
    expect(png.headers.get('Content-Type')).toBe('image/png');
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('offers the binary as a download and streams the 2 MB fixture whole', async () => {
    const { get } = await seeded();
    const binary = await get('/acme/widgets/raw/main/bin/widgets-linux-amd64');
    expect(binary.headers.get('Content-Disposition')).toMatch(/^attachment; /);
    expect(new Uint8Array(await binary.arrayBuffer()).includes(0)).toBe(true);
    const large = await get('/acme/widgets/raw/main/data/large-fixture.txt');
    const text = await large.text();
    expect(text.length).toBeGreaterThan(1_500_000);
    expect(large.headers.get('Content-Length')).toBe(String(new TextEncoder().encode(text).length));
  });

  it('finds a file that exists only on feature/dark-mode, and not on main', async () => {
    const { get } = await seeded();
    const onBranch = await get('/acme/widgets/raw/feature/dark-mode/src/theme/dark-mode.ts');
    expect(onBranch.status).toBe(200);
    expect(await onBranch.text()).not.toBe('');
    expect((await get('/acme/widgets/raw/main/src/theme/dark-mode.ts')).status).toBe(404);
  });

  it('resolves bugfix/PAIL-42/login-redirect and a tag', async () => {
    const { get } = await seeded();
    expect((await get('/acme/widgets/raw/bugfix/PAIL-42/login-redirect/README.md')).status).toBe(
      200,
    );
    const tagged = await get('/acme/widgets/raw/v1.10.0/package.json');
    expect(tagged.status).toBe(200);
    expect(await tagged.json()).toMatchObject({ version: '1.10.0' });
  });

  it('downloads the unicode-named file under its exact name, and revalidates with its ETag', async () => {
    const { h, jar, get } = await seeded();
    const path = '/acme/widgets/raw/main/docs/Caf%C3%A9%20notes%20%E2%80%94%202026.md?download=1';
    const response = await get(path);
    expect(response.headers.get('Content-Disposition')).toContain(
      "filename*=UTF-8''Caf%C3%A9%20notes%20%E2%80%94%202026.md",
    );
    const etag = response.headers.get('ETag') ?? '';
    expect(etag).not.toBe('');
    const again = await h.request(path, { jar, headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });
});
