import { describe, expect, it } from 'vitest';
import {
  createHarness,
  EMULATOR_ORIGIN,
  type HarnessOptions,
  type UpstreamCall,
} from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import { MAX_REDIRECTS } from './bitbucket-client';

const REPO = '/2.0/repositories/acme/widgets';
const HASH = '4f9c2b1a7e3d5c6b8a9f0e1d2c3b4a5f6e7d8c9b';
const OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';

type Stub = (call: UpstreamCall) => Response | Promise<Response>;

/** A BFF whose Bitbucket answers `stubs[path]` for those paths and is the emulator for everything else. */
async function stubbed(stubs: Record<string, Stub>, options: HarnessOptions = {}) {
  const h = createHarness({
    ...options,
    upstream: async (call, forward) => {
      const stub = stubs[call.url.pathname];
      return stub ? stub(call) : forward();
    },
  });
  const { jar } = await signIn(h);
  const get = (path: string, headers: Record<string, string> = {}) =>
    h.request(path, { jar, csrf: true, headers });
  /** Straight to the app: the harness records each body in full, which would wait for the whole stream. */
  const open = (path: string) =>
    h.app.request(path, { headers: { Cookie: jar.header() ?? '', 'X-CSRF': '1' } });
  const callsTo = (path: string) => h.upstreamCalls.filter((call) => call.url.pathname === path);
  return { h, jar, get, open, callsTo };
}

function redirect(status: number, location: string): Response {
  return new Response(null, { status, headers: { Location: location } });
}

const LISTING = { pagelen: 10, values: [{ type: 'commit_file', path: 'README.md' }] };

describe('/api/* redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'follows a %i to an allowlisted path on the API origin, with the token',
    async (status) => {
      const { h, get, callsTo } = await stubbed({
        [`${REPO}/src`]: () => redirect(status, `${EMULATOR_ORIGIN}${REPO}/src/${HASH}/`),
        [`${REPO}/src/${HASH}/`]: () => Response.json(LISTING),
      });
      const response = await get(`/api${REPO}/src`);
      expect(response.status).toBe(200);
      expect(response.headers.get('Location')).toBeNull();
      expect(await response.json()).toEqual(LISTING);
      const [followed] = callsTo(`${REPO}/src/${HASH}/`);
      expect(followed?.url.origin).toBe(EMULATOR_ORIGIN);
      expect(followed?.headers.get('authorization')).toMatch(/^Bearer /);
      expect(h.secrets.has(followed?.headers.get('authorization')?.slice(7) ?? '')).toBe(true);
      expect(h.leakedSecrets()).toEqual([]);
    },
  );

  it("follows Bitbucket's pull-request diff redirect (a rooted Location, an encoded CR in the spec)", async () => {
    const spec = `acme/widgets:${HASH.slice(0, 12)}%0D${OLD.slice(0, 12)}`;
    const diff = 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n';
    const { get, callsTo } = await stubbed({
      [`${REPO}/pullrequests/7/diff`]: () =>
        redirect(302, `${REPO}/diff/${spec}?from_pullrequest_id=7&topic=true`),
      [`${REPO}/diff/${spec}`]: () =>
        new Response(diff, { headers: { 'Content-Type': 'text/plain' } }),
    });
    const response = await get(`/api${REPO}/pullrequests/7/diff`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(diff);
    expect(callsTo(`${REPO}/diff/${spec}`)[0]?.url.search).toBe(
      '?from_pullrequest_id=7&topic=true',
    );
  });

  it.each([
    ['another host', 'https://evil.test/2.0/user'],
    ['a protocol-relative URL', '//evil.test/2.0/user'],
    ['userinfo that names another host', `http://localhost:8090@evil.test${REPO}`],
    ['a look-alike host', `http://localhost.evil.test:8090${REPO}`],
    ['another port', `http://localhost:8091${REPO}`],
    ['another scheme', `https://localhost:8090${REPO}`],
    ['credentials in the URL', `http://user:pass@localhost:8090${REPO}`],
  ])('never fetches a redirect to %s (502)', async (_, location) => {
    const { h, get } = await stubbed({ [`${REPO}/src`]: () => redirect(302, location) });
    const before = h.upstreamCalls.length;
    const response = await get(`/api${REPO}/src`);
    expect(response.status).toBe(502);
    expect(response.headers.get('Location')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    // Only the redirecting call went out: nothing, token or not, reached the Location.
    expect(h.upstreamCalls.slice(before).map((call) => call.url.pathname)).toEqual([`${REPO}/src`]);
    expect(h.upstreamCalls.some((call) => call.url.hostname.includes('evil'))).toBe(false);
    expect(h.logger.events()).toContain('proxy.redirect_blocked');
  });

  it.each([
    ['a path off the allowlist', `${EMULATOR_ORIGIN}${REPO}/pullrequests/7/merge`],
    ['the token endpoint', `${EMULATOR_ORIGIN}/site/oauth2/access_token`],
    ['dot segments', `${EMULATOR_ORIGIN}${REPO}/src/${HASH}/../../../../../user`],
    ['a relative path', `src/${HASH}/`],
    ['an allowlisted path with an unknown parameter', `${REPO}/src/${HASH}/?access_token=x`],
    ['nowhere', null],
  ])('refuses a same-origin redirect to %s (502)', async (_, location) => {
    const { h, get } = await stubbed({
      [`${REPO}/src`]: () =>
        location === null ? new Response(null, { status: 302 }) : redirect(302, location),
    });
    const before = h.upstreamCalls.length;
    const response = await get(`/api${REPO}/src`);
    expect(response.status).toBe(502);
    expect(h.upstreamCalls.slice(before)).toHaveLength(1);
  });

  it(`stops after ${MAX_REDIRECTS} hops (502)`, async () => {
    const { h, get } = await stubbed({
      [`${REPO}/src`]: () => redirect(302, `${REPO}/src`),
    });
    const before = h.upstreamCalls.length;
    const response = await get(`/api${REPO}/src`);
    expect(response.status).toBe(502);
    expect(h.upstreamCalls.length - before).toBe(MAX_REDIRECTS + 1);
  });
});

/** A body of `size` bytes made on demand, in 64 KiB chunks. */
function generatedBody(size: number, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const length = Math.min(chunkSize, size - sent);
      const chunk = new Uint8Array(length);
      for (let i = 0; i < length; i += 1) chunk[i] = 0x61 + ((sent + i) % 26);
      sent += length;
      controller.enqueue(chunk);
    },
  });
}

describe('/api/* streaming', () => {
  it('streams a body larger than any buffer it used to have (12 MiB), bytes and length intact', async () => {
    const size = 12 * 1024 * 1024;
    const file = `${REPO}/src/${HASH}/data/large-fixture.txt`;
    const { get } = await stubbed({
      [file]: () =>
        new Response(generatedBody(size), {
          headers: { 'Content-Type': 'text/plain', 'Content-Length': String(size) },
        }),
    });
    const response = await get(`/api${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Length')).toBe(String(size));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(size);
    expect(bytes[size - 1]).toBe(0x61 + ((size - 1) % 26));
  });

  it('answers before Bitbucket has finished sending', async () => {
    const file = `${REPO}/src/${HASH}/data/large-fixture.txt`;
    let finish: () => void = () => undefined;
    const { open } = await stubbed({
      [file]: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('first line\n'));
              finish = () => {
                controller.enqueue(new TextEncoder().encode('last line\n'));
                controller.close();
              };
            },
          }),
          { headers: { 'Content-Type': 'text/plain' } },
        ),
    });
    const response = await open(`/api${file}`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first line\n');
    finish();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('last line\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('ends the body when Bitbucket stalls mid-way, and says so in the log', async () => {
    const file = `${REPO}/src/${HASH}/data/large-fixture.txt`;
    const { h, open } = await stubbed(
      {
        [file]: () =>
          new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('partial'));
              },
            }),
            { headers: { 'Content-Type': 'text/plain' } },
          ),
      },
      { upstreamTimeoutMs: 50 },
    );
    const response = await open(`/api${file}`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(h.logger.events()).toContain('proxy.body_stalled');
  });

  it('does not count a slow reader against Bitbucket', async () => {
    const file = `${REPO}/src/${HASH}/README.md`;
    const { open } = await stubbed(
      {
        [file]: () =>
          new Response(generatedBody(256 * 1024, 1024), {
            headers: { 'Content-Type': 'text/plain' },
          }),
      },
      { upstreamTimeoutMs: 50 },
    );
    const response = await open(`/api${file}`);
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 120));
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
    }
    expect(size).toBeGreaterThan(0);
  });
});

describe("/api/* passes Bitbucket's answers through", () => {
  const file = `${REPO}/src/${HASH}/README.md`;

  it.each([
    [555, { type: 'error', error: { message: 'Diff too large to render.' } }, {}],
    [404, { type: 'error', error: { message: 'No such file or directory: x' } }, {}],
    [
      403,
      {
        type: 'error',
        error: {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { required: ['pullrequest'], granted: ['account', 'repository'] },
        },
      },
      {},
    ],
    [
      429,
      { type: 'error', error: { message: 'Rate limit for this resource has been exceeded.' } },
      { 'Retry-After': '120', 'X-RateLimit-Limit': '1000', 'X-RateLimit-Resource': 'api' },
    ],
  ])('relays %i with its JSON body unchanged', async (status, body, extra) => {
    const { get } = await stubbed({
      [file]: () => Response.json(body, { status, headers: extra as Record<string, string> }),
    });
    const response = await get(`/api${file}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
    for (const [name, value] of Object.entries(extra)) {
      expect(response.headers.get(name)).toBe(value);
    }
  });

  it('passes If-None-Match on and 304 back, with no body', async () => {
    const { get, callsTo } = await stubbed({
      [file]: (call) =>
        call.headers.get('if-none-match') === '"abc"'
          ? new Response(null, { status: 304, headers: { ETag: '"abc"' } })
          : new Response('# Widgets', { headers: { ETag: '"abc"' } }),
    });
    const response = await get(`/api${file}`, { 'If-None-Match': '"abc"' });
    expect(response.status).toBe(304);
    expect(response.headers.get('ETag')).toBe('"abc"');
    expect(response.headers.get('Content-Disposition')).toBeNull();
    expect(await response.text()).toBe('');
    expect(callsTo(file)[0]?.headers.get('if-none-match')).toBe('"abc"');
  });

  it('relays only the listed headers', async () => {
    const { get } = await stubbed({
      [file]: () =>
        new Response('# Widgets\n', {
          headers: {
            'Content-Type': 'text/plain',
            'Content-Length': '10',
            'Content-Disposition': 'attachment; filename="README.md"',
            ETag: '"r1"',
            'Last-Modified': 'Wed, 01 Oct 2026 09:00:00 GMT',
            'X-RateLimit-NearLimit': 'false',
            'Set-Cookie': 'bb=1',
            Server: 'AtlassianEdge',
            'X-Request-Id': 'abc',
            Vary: 'Authorization',
            'WWW-Authenticate': 'Bearer',
          },
        }),
    });
    const response = await get(`/api${file}`);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain',
      'content-length': '10',
      'content-disposition': 'attachment; filename="README.md"',
      etag: '"r1"',
      'last-modified': 'Wed, 01 Oct 2026 09:00:00 GMT',
      'x-ratelimit-nearlimit': 'false',
    });
    for (const name of ['set-cookie', 'server', 'vary', 'www-authenticate']) {
      expect(response.headers.get(name)).toBeNull();
    }
    // Pail's own request id, never Bitbucket's.
    expect(response.headers.get('x-request-id')).not.toBe('abc');
  });

  it('drops Content-Length when Bitbucket compressed the body (fetch has decoded it)', async () => {
    const { get } = await stubbed({
      [file]: () =>
        new Response('# Widgets, decoded\n', {
          headers: {
            'Content-Type': 'text/plain',
            'Content-Length': '7',
            'Content-Encoding': 'gzip',
          },
        }),
    });
    const response = await get(`/api${file}`);
    expect(response.headers.get('Content-Length')).toBeNull();
    expect(response.headers.get('Content-Encoding')).toBeNull();
    expect(await response.text()).toBe('# Widgets, decoded\n');
  });
});

describe('/api/* never lets repository content run on Pail’s origin', () => {
  it.each([
    ['public/demo.html', 'text/html'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['feed.xml', 'application/xml'],
    ['page.xhtml', 'application/xhtml+xml'],
    ['src/index.js', 'application/javascript'],
    ['bin/widgets-linux-amd64', 'application/octet-stream'],
    ['untyped', ''],
  ])('marks %s (%s) as a download, sandboxed', async (path, type) => {
    const file = `${REPO}/src/${HASH}/${path}`;
    const { get } = await stubbed({
      [file]: () => {
        const response = new Response("<script>window.__pailXss='html'</script>");
        if (type === '') response.headers.delete('Content-Type');
        else response.headers.set('Content-Type', type);
        return response;
      },
    });
    const response = await get(`/api${file}`);
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment/);
    expect(response.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it.each([
    ['docs/images/logo.png', 'image/png'],
    ['README.md', 'text/plain'],
  ])('leaves inert %s (%s) as Bitbucket typed it, still sandboxed', async (path, type) => {
    const file = `${REPO}/src/${HASH}/${path}`;
    const { get } = await stubbed({
      [file]: () => new Response('bytes', { headers: { 'Content-Type': type } }),
    });
    const response = await get(`/api${file}`);
    expect(response.headers.get('Content-Type')).toBe(type);
    expect(response.headers.get('Content-Disposition')).toBeNull();
    expect(response.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
  });

  it('sandboxes JSON answers and errors as well', async () => {
    const { get, h, jar } = await stubbed({});
    expect((await get('/api/2.0/user')).headers.get('Content-Security-Policy')).toMatch(
      /^sandbox;/,
    );
    const refused = await h.request('/api/2.0/user', { jar });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
  });
});

describe("/api/* browsing the emulator's seeded acme/widgets", () => {
  async function seeded() {
    const h = createHarness();
    const { jar } = await signIn(h);
    const get = (path: string, headers: Record<string, string> = {}) =>
      h.request(`/api${REPO}${path}`, { jar, csrf: true, headers });
    return { h, get };
  }

  it("follows `src` to the main branch's root listing", async () => {
    const { get } = await seeded();
    const response = await get('/src');
    expect(response.status).toBe(200);
    const listing = (await response.json()) as { values: Array<{ path: string }> };
    expect(listing.values.map((entry) => entry.path)).toContain('README.md');
  });

  it("follows a pull request's diff and diffstat to the repository's", async () => {
    const { h, get } = await seeded();
    const diff = await get('/pullrequests/1/diff');
    expect(diff.status).toBe(200);
    expect(diff.headers.get('Content-Type')).toMatch(/^text\/plain/);
    expect(await diff.text()).toMatch(/^diff --git /);
    const diffstat = await get('/pullrequests/1/diffstat');
    expect(diffstat.status).toBe(200);
    expect(await diffstat.json()).toMatchObject({ values: expect.any(Array) });
    const followed = h.upstreamCalls.filter((call) => /\/diff(?:stat)?\//.test(call.url.pathname));
    expect(followed.length).toBeGreaterThanOrEqual(2);
    expect(followed.every((call) => call.url.origin === EMULATOR_ORIGIN)).toBe(true);
  });

  it('lists refs, commits and pull requests in every state asked for', async () => {
    const { get } = await seeded();
    const branches = (await (await get('/refs/branches?pagelen=100')).json()) as {
      values: Array<{ name: string }>;
    };
    expect(branches.values.map((branch) => branch.name)).toEqual(
      expect.arrayContaining(['main', 'feature/dark-mode', 'bugfix/PAIL-42/login-redirect']),
    );
    const branch = await get('/refs/branches/feature/dark-mode');
    expect(branch.status).toBe(200);
    expect(await branch.json()).toMatchObject({ name: 'feature/dark-mode' });
    const commits = (await (await get('/commits?pagelen=5')).json()) as { values: unknown[] };
    expect(commits.values).toHaveLength(5);
    const pulls = (await (
      await get('/pullrequests?state=MERGED&state=DECLINED&pagelen=50')
    ).json()) as { values: Array<{ state: string }> };
    expect(new Set(pulls.values.map((pull) => pull.state))).toEqual(
      new Set(['MERGED', 'DECLINED']),
    );
  });

  it("reads a file's meta and bytes, and revalidates with its ETag", async () => {
    const { get } = await seeded();
    const listing = (await (await get('/src')).json()) as {
      values: Array<{ path: string; commit: { hash: string } }>;
    };
    const hash = listing.values[0]?.commit.hash ?? '';
    const meta = await get(`/src/${hash}/docs/images/logo.png?format=meta`);
    expect(await meta.json()).toMatchObject({ path: 'docs/images/logo.png' });
    const file = await get(`/src/${hash}/README.md`);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('# Widgets');
    const etag = file.headers.get('ETag') ?? '';
    expect(etag).not.toBe('');
    expect((await get(`/src/${hash}/README.md`, { 'If-None-Match': etag })).status).toBe(304);
  });
});
