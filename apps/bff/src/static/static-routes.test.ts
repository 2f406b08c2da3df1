import { describe, expect, it } from 'vitest';
import { createHarness, EMULATOR_ORIGIN, PUBLIC_URL } from '../testing/bff-harness';
import { testKey } from '../testing/keys';
import type { StaticAssets } from './static-assets';
import {
  BITBUCKET_AVATAR_ORIGINS,
  CSP_NONCE_PLACEHOLDER,
  IMMUTABLE_CACHE,
  SHORT_CACHE,
  STATIC_FILE_POLICY,
} from './static-routes';

/** What `vite build` writes with `html.cspNonce` set: every tag and the nonce meta carry the placeholder. */
const SHELL = `<!doctype html>
<html lang="en">
  <head>
    <meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}" />
    <script type="module" crossorigin src="/assets/index-3f2a.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script>
    <link rel="modulepreload" crossorigin href="/assets/chunk-9c1d.js" nonce="${CSP_NONCE_PLACEHOLDER}">
    <link rel="stylesheet" crossorigin href="/assets/index-77aa.css" nonce="${CSP_NONCE_PLACEHOLDER}">
  </head>
  <body><div id="root"></div></body>
</html>`;

function memoryAssets(files: Record<string, string>): StaticAssets & { reads: string[] } {
  const encoder = new TextEncoder();
  const reads: string[] = [];
  return {
    reads,
    async read(path) {
      reads.push(path);
      const text = files[path];
      return text === undefined ? undefined : encoder.encode(text);
    },
  };
}

const BUILD = {
  '/index.html': SHELL,
  '/assets/index-3f2a.js': 'import "./chunk-9c1d.js";',
  '/assets/highlight.worker-C1V6R4lZ.js': 'import("./typescript-j_1H8WHN.js");',
  '/assets/index-77aa.css': 'body{margin:0}',
  '/assets/pail-mark-SoSTfBR4.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  '/favicon.ico': 'ico',
};

function setup(env: Record<string, string> = {}, files: Record<string, string> = BUILD) {
  const assets = memoryAssets(files);
  return { h: createHarness({ assets, env }), assets };
}

function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function nonceOf(policy: string | null): string {
  const source = directives(policy)
    .get('script-src')
    ?.find((value) => value.startsWith("'nonce-"));
  if (source === undefined) throw new Error(`no nonce in ${policy}`);
  return source.slice("'nonce-".length, -1);
}

describe('static routes: the SPA shell', () => {
  it('answers a page load with the shell, a fresh nonce on every tag and a strict policy', async () => {
    const { h } = setup();
    const response = await h.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('no-cache');
    const policy = response.headers.get('Content-Security-Policy');
    const csp = directives(policy);
    const nonce = nonceOf(policy);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp.get('script-src')).toEqual([
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      "'report-sample'",
    ]);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('report-to')).toEqual(['csp-endpoint']);
    expect(csp.get('report-uri')).toEqual(['/bff/csp-report']);
    expect(response.headers.get('Reporting-Endpoints')).toBe(
      `csp-endpoint="${PUBLIC_URL}/bff/csp-report"`,
    );
    const body = await response.text();
    expect(body).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(body.match(/nonce="([^"]+)"/g)).toEqual(Array(4).fill(`nonce="${nonce}"`));
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  });

  it('sends violation reports to the public URL’s /bff/csp-report, which accepts them', async () => {
    const { h } = setup({ PAIL_PUBLIC_URL: 'https://pail.example.com' });
    const shell = await h.request('/acme/widgets');
    const endpoint = /^csp-endpoint="([^"]+)"$/.exec(
      shell.headers.get('Reporting-Endpoints') ?? '',
    )?.[1];
    expect(endpoint).toBe('https://pail.example.com/bff/csp-report');
    const report = await h.request(new URL(endpoint ?? '').pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/reports+json' },
      body: JSON.stringify([
        {
          type: 'csp-violation',
          body: {
            documentURL: 'https://pail.example.com/acme/widgets',
            blockedURL: 'https://evil.test/x.png',
            effectiveDirective: 'img-src',
            disposition: 'enforce',
          },
        },
      ]),
    });
    expect(report.status).toBe(204);
    expect(h.logger.entries.filter((e) => e.event === 'csp.violation')).toHaveLength(1);
  });

  it('never repeats a nonce', async () => {
    const { h } = setup();
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      nonces.add(nonceOf((await h.request('/')).headers.get('Content-Security-Policy')));
    }
    expect(nonces.size).toBe(20);
  });

  it('answers every SPA route, and /index.html itself, with the same shell', async () => {
    const { h } = setup();
    for (const path of [
      '/acme',
      '/acme/widgets/src/main/README.md',
      '/acme/widgets/pull-requests/24',
      '/account',
      '/login?returnTo=%2Facme',
      '/index.html',
    ]) {
      const response = await h.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Cache-Control'), path).toBe('no-cache');
      expect(await response.text(), path).toContain('<div id="root"></div>');
    }
  });

  it('sends HSTS with the shell when the public URL is https', async () => {
    const { h } = setup({ PAIL_PUBLIC_URL: 'https://pail.example.com' });
    const response = await h.request('/acme');
    expect(response.headers.get('Strict-Transport-Security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });

  it('lets images come from Pail and the avatar origins only, never any host a README names', async () => {
    const emulator = directives(
      (await setup().h.request('/')).headers.get('Content-Security-Policy'),
    );
    expect(emulator.get('img-src')).toEqual(["'self'", 'data:', 'blob:', EMULATOR_ORIGIN]);

    const cloud = setup({
      BITBUCKET_CLIENT_ID: 'consumer-key',
      BITBUCKET_CLIENT_SECRET: 'consumer-secret',
      PAIL_SESSION_KEYS: testKey(1),
    });
    const imgSrc = directives(
      (await cloud.h.request('/')).headers.get('Content-Security-Policy'),
    ).get('img-src');
    expect(imgSrc).toEqual(expect.arrayContaining([...BITBUCKET_AVATAR_ORIGINS]));
    expect(imgSrc).not.toContain('https:');
    expect(imgSrc).not.toContain('*');
  });

  it('reads the shell once, not per request', async () => {
    const { h, assets } = setup();
    await h.request('/');
    await h.request('/acme');
    expect(assets.reads.filter((path) => path === '/index.html')).toHaveLength(1);
  });

  it('answers 500, never a blank page, when the shell was built without the nonce placeholder', async () => {
    const { h } = setup({}, { ...BUILD, '/index.html': '<script src="/assets/x.js"></script>' });
    const response = await h.request('/');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'internal' } });
    expect(h.logger.events()).toContain('static.shell_unusable');
  });
});

describe('static routes: files', () => {
  it('serves hashed assets for a year, immutable, with their type', async () => {
    const { h } = setup();
    for (const [path, type] of [
      ['/assets/index-3f2a.js', 'text/javascript; charset=utf-8'],
      ['/assets/index-77aa.css', 'text/css; charset=utf-8'],
      ['/assets/pail-mark-SoSTfBR4.svg', 'image/svg+xml'],
    ] as const) {
      const response = await h.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Content-Type'), path).toBe(type);
      expect(response.headers.get('Cache-Control'), path).toBe(IMMUTABLE_CACHE);
      expect(response.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
      expect(await response.text(), path).toBe(BUILD[path]);
    }
  });

  it('lets a worker start only from the build’s scripts, and import only them', async () => {
    const { h } = setup();
    const assetsUrl = `${new URL(PUBLIC_URL).origin}/assets/`;
    const shell = directives((await h.request('/')).headers.get('Content-Security-Policy'));
    expect(shell.get('worker-src')).toEqual([assetsUrl]);

    const worker = await h.request('/assets/highlight.worker-C1V6R4lZ.js');
    expect(worker.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    const policy = directives(worker.headers.get('Content-Security-Policy'));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual([assetsUrl]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    // Every other file keeps the policy under which nothing in it may load or run.
    for (const path of [
      '/assets/index-3f2a.js',
      '/assets/pail-mark-SoSTfBR4.svg',
      '/favicon.ico',
    ]) {
      expect((await h.request(path)).headers.get('Content-Security-Policy'), path).toBe(
        STATIC_FILE_POLICY,
      );
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const { h } = setup();
    const response = await h.request('/assets/index-3f2a.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe(IMMUTABLE_CACHE);
    expect(await response.text()).toBe('');
  });

  it('answers an unknown asset with 404, never the shell parsed as script', async () => {
    const { h } = setup();
    const response = await h.request('/assets/index-0ld.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toContain('application/json');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('serves an unhashed top-level file with short caching', async () => {
    const { h } = setup();
    const response = await h.request('/favicon.ico');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('image/x-icon');
    expect(response.headers.get('Cache-Control')).toBe(SHORT_CACHE);
  });

  it('never answers the BFF’s own paths, raw files or other methods with the shell', async () => {
    const { h } = setup();
    for (const path of ['/bff/nothing', '/bff', '/readyz/', '/api', '/api/3.0/user']) {
      const response = await h.request(path);
      // `/api` answers 403 before routing (no X-CSRF header): its own refusal, never the shell.
      expect(response.status, path).toBe(path.startsWith('/api') ? 403 : 404);
      expect(response.headers.get('Content-Type'), path).toContain('application/json');
      expect(response.headers.get('Content-Security-Policy'), path).toContain("default-src 'none'");
    }
    const raw = await h.request('/acme/widgets/raw/main/README.md');
    expect(raw.status).toBe(302);
    expect(raw.headers.get('Location')).toMatch(/^\/login\?returnTo=/);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await h.request('/acme', { method });
      expect(response.status, method).toBe(404);
      expect(await response.text(), method).not.toContain('<div id="root">');
    }
  });

  it('is not mounted at all without a build: the BFF alone answers 404 for pages', async () => {
    const h = createHarness();
    const response = await h.request('/acme');
    expect(response.status).toBe(404);
  });
});
