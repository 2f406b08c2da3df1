import { describe, expect, it } from 'vitest';
import { createHarness, PUBLIC_URL, type Harness } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import {
  MAX_CSP_REPORTS_PER_MINUTE,
  MAX_CSP_REPORT_BYTES,
  MAX_REPORTS_PER_REQUEST,
  blockedOf,
} from './csp-report-routes';

const ROUTE = '/bff/csp-report';

/** What Chromium sends for `report-to`: a batch, each violation with the sample `'report-sample'` asked for. */
function reportingApiBody(overrides: Record<string, unknown> = {}) {
  return [
    {
      type: 'csp-violation',
      age: 12,
      url: `${PUBLIC_URL}/acme/widgets/src/main/README.md?at=secret-branch#lines-3`,
      user_agent: 'Mozilla/5.0',
      body: {
        documentURL: `${PUBLIC_URL}/acme/widgets/src/main/README.md?at=secret-branch#lines-3`,
        referrer: `${PUBLIC_URL}/acme?q=private`,
        blockedURL: 'https://tracker.example/pixel.png?user=alice&repo=secret',
        effectiveDirective: 'img-src',
        originalPolicy: "default-src 'self'; img-src 'self'",
        sourceFile: `${PUBLIC_URL}/assets/index-3f2a.js`,
        sample: 'alice@acme.example private-token-text',
        disposition: 'enforce',
        statusCode: 200,
        lineNumber: 1,
        columnNumber: 2,
        ...overrides,
      },
    },
  ];
}

function send(
  h: Harness,
  body: string,
  contentType = 'application/reports+json',
  address = '203.0.113.7',
) {
  return h.request(ROUTE, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
    env: { incoming: { socket: { remoteAddress: address } } },
  });
}

const violations = (h: Harness) => h.logger.entries.filter((e) => e.event === 'csp.violation');

describe('POST /bff/csp-report', () => {
  it('logs one csp.violation per report with only the directive, blocked origin, page path and disposition', async () => {
    const h = createHarness();
    const batch = [
      ...reportingApiBody(),
      { type: 'deprecation', body: { id: 'x', message: 'old API' } },
      ...reportingApiBody({ blockedURL: 'inline', effectiveDirective: 'script-src-elem' }),
    ];
    const response = await send(h, JSON.stringify(batch));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('Set-Cookie')).toBeNull();

    expect(violations(h)).toEqual([
      {
        level: 'warn',
        event: 'csp.violation',
        props: {
          directive: 'img-src',
          blocked: 'https://tracker.example',
          documentPath: '/acme/widgets/src/main/README.md',
          disposition: 'enforce',
        },
      },
      {
        level: 'warn',
        event: 'csp.violation',
        props: {
          directive: 'script-src-elem',
          blocked: 'inline',
          documentPath: '/acme/widgets/src/main/README.md',
          disposition: 'enforce',
        },
      },
    ]);
    const logged = JSON.stringify(h.logger.entries);
    for (const secret of ['private-token-text', 'secret', 'alice', 'pixel.png', 'index-3f2a']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('takes the legacy report-uri body, whose violated-directive may quote the whole rule', async () => {
    const h = createHarness();
    const body = {
      'csp-report': {
        'document-uri': `${PUBLIC_URL}/account?tab=sessions`,
        referrer: '',
        'violated-directive': "img-src 'self' data: blob:",
        'original-policy': "img-src 'self'",
        'blocked-uri': 'data',
        'script-sample': 'secret sample',
        disposition: 'report',
      },
    };
    const response = await send(h, JSON.stringify(body), 'application/csp-report');
    expect(response.status).toBe(204);
    expect(violations(h).map((e) => e.props)).toEqual([
      { directive: 'img-src', blocked: 'data', documentPath: '/account', disposition: 'report' },
    ]);
    expect(JSON.stringify(h.logger.entries)).not.toContain('secret sample');
  });

  it.each([
    ['https://evil.test/x.png?u=1#f', 'https://evil.test'],
    ['wss://socket.example:8443/live', 'wss://socket.example:8443'],
    ['eval', 'eval'],
    ['inline', 'inline'],
    ['data:image/png;base64,AAAA', 'data'],
    ['blob:http://localhost:5173/5c1e', 'blob'],
    ['chrome-extension://abcdef/inject.js', 'chrome-extension'],
    ['', 'none'],
    ['not a url at all', 'other'],
  ])('reduces the blocked URL %j to %j', (blocked, expected) => {
    expect(blockedOf(blocked)).toBe(expected);
  });

  it('needs no X-CSRF header and no session, and leaves a signed-in session as it was', async () => {
    const h = createHarness();
    const { jar } = await signIn(h, { account: 'alice' });
    // Everything but this route's own rate-limit counter: the session record is not read, slid or rewritten.
    const otherEntries = () => h.store.entries().filter(([key]) => !key.startsWith('csp-reports:'));
    const before = otherEntries();
    const upstreamBefore = h.upstreamCalls.length;
    const response = await h.request(ROUTE, {
      method: 'POST',
      jar,
      headers: { 'Content-Type': 'application/reports+json', 'Sec-Fetch-Site': 'same-origin' },
      body: JSON.stringify(reportingApiBody()),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Set-Cookie')).toBeNull();
    expect(otherEntries()).toEqual(before);
    expect(h.store.entries().some(([key]) => key.startsWith('csp-reports:'))).toBe(true);
    expect(h.upstreamCalls).toHaveLength(upstreamBefore);
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
  });

  it.each([
    ['application/json', JSON.stringify(reportingApiBody())],
    ['text/plain', JSON.stringify(reportingApiBody())],
    ['application/x-www-form-urlencoded', 'csp-report=1'],
    ['', JSON.stringify(reportingApiBody())],
  ])('refuses Content-Type %j with 415 and logs nothing', async (contentType, body) => {
    const h = createHarness();
    const response = await send(h, body, contentType);
    expect(response.status).toBe(415);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(violations(h)).toEqual([]);
  });

  it('refuses a body over 8 KiB with 413, with or without a Content-Length, and logs nothing', async () => {
    const h = createHarness();
    const big = JSON.stringify(reportingApiBody({ sample: 'x'.repeat(MAX_CSP_REPORT_BYTES) }));
    const declared = await h.request(ROUTE, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/reports+json',
        'Content-Length': String(big.length),
      },
      body: big,
    });
    expect(declared.status).toBe(413);
    const streamed = await h.app.request(ROUTE, {
      method: 'POST',
      headers: { 'Content-Type': 'application/reports+json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(violations(h)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"csp-report":', 'application/csp-report'],
    ['a Reporting API body that is not an array', '{"type":"csp-violation"}', undefined],
    [
      'a violation without a directive',
      JSON.stringify(reportingApiBody({ effectiveDirective: undefined })),
      undefined,
    ],
    [
      'a violation whose page is not a URL',
      JSON.stringify(reportingApiBody({ documentURL: 'about:blank' })),
      undefined,
    ],
    ['a legacy body without csp-report', '{"report":{}}', 'application/csp-report'],
  ])('refuses %s with 400 and logs nothing', async (_name, body, contentType) => {
    const h = createHarness();
    const response = await send(h, body, contentType);
    expect(response.status).toBe(400);
    expect((await response.json()) as unknown).toMatchObject({ error: { code: 'bad_request' } });
    expect(violations(h)).toEqual([]);
  });

  it('logs at most a few reports from one batch', async () => {
    const h = createHarness();
    const report = {
      type: 'csp-violation',
      body: { documentURL: `${PUBLIC_URL}/`, blockedURL: 'eval', effectiveDirective: 'script-src' },
    };
    const batch = Array.from({ length: 30 }, () => report);
    expect((await send(h, JSON.stringify(batch))).status).toBe(204);
    expect(violations(h)).toHaveLength(MAX_REPORTS_PER_REQUEST);
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    'answers %s with 405 and Allow: POST',
    async (method) => {
      const h = createHarness();
      const response = await h.request(ROUTE, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')).toBe('POST');
      expect(violations(h)).toEqual([]);
    },
  );

  it('answers 429 past 30 requests a minute from one address and logs nothing more; others still report', async () => {
    const h = createHarness();
    const body = JSON.stringify(reportingApiBody());
    for (let i = 0; i < MAX_CSP_REPORTS_PER_MINUTE; i += 1) {
      expect((await send(h, body)).status).toBe(204);
    }
    const refused = await send(h, body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Malformed or mistyped requests count too, and are refused before they are read.
    expect((await send(h, 'garbage', 'text/plain')).status).toBe(429);
    expect(violations(h)).toHaveLength(MAX_CSP_REPORTS_PER_MINUTE);

    expect((await send(h, body, undefined, '198.51.100.9')).status).toBe(204);
    h.clock.advance(60_000);
    expect((await send(h, body)).status).toBe(204);
    expect(violations(h)).toHaveLength(MAX_CSP_REPORTS_PER_MINUTE + 2);
  });
});
