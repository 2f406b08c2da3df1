// The production build as users get it: the BFF serves the shell under a nonce-based CSP, and no page of a whole visit trips it.
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

interface Violation {
  directive: string;
  blockedURI: string;
  page: string;
  /** The start of a refused inline script or handler (the policy asks for `'report-sample'`). */
  sample: string;
}

/**
 * Collects every CSP violation any page of `context` reports, through the browser's own
 * `securitypolicyviolation` event, listened to before any of the page's scripts run.
 */
async function watchViolations(context: BrowserContext): Promise<Violation[]> {
  const violations: Violation[] = [];
  await context.exposeBinding('__pailReportViolation', (_source, violation: Violation) => {
    violations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __pailReportViolation: (v: unknown) => void }).__pailReportViolation({
        directive: event.effectiveDirective,
        blockedURI: event.blockedURI,
        page: location.pathname,
        sample: event.sample,
      });
    });
  });
  return violations;
}

function directives(policy: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('the production shell', () => {
  it('is served by the BFF with a fresh nonce, a strict policy and no-cache; assets are immutable', async () => {
    const { page, context } = await newVisitor(browser());
    const response = await page.goto('/acme/widgets');
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const policy = directives(headers['content-security-policy']);
    const nonce = policy.get('script-src')?.[0]?.match(/^'nonce-(.+)'$/)?.[1];
    expect(nonce).toBeDefined();
    expect(policy.get('script-src')).toEqual([
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      "'report-sample'",
    ]);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);

    const html = (await response?.text()) ?? '';
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    // The same page loaded again gets another nonce.
    const again = await context.request.get('/acme/widgets');
    expect(again.headers()['content-security-policy']).not.toContain(nonce);

    const entry = /<script\b[^>]*\bsrc="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const asset = await context.request.get(entry);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers()['content-type']).toBe('text/javascript; charset=utf-8');
    const stale = await context.request.get('/assets/index-stale000.js');
    expect(stale.status()).toBe(404);
    expect(await stale.text()).not.toContain('<div id="root">');
    await context.close();
  });

  it('reports no CSP violation across sign-in, a README, highlighted source, a commit, a pull request, the account page and sign-out', async () => {
    const { page, context, errors } = await newVisitor(browser());
    const violations = await watchViolations(context);

    await page.goto('/login?returnTo=%2Facme%2Fwidgets');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets');
    const readme = page.getByRole('region', { name: 'README.md' });
    await readme.getByRole('heading', { level: 1, name: 'Widgets' }).waitFor();
    const logo = readme.getByRole('img', { name: 'Widgets logo' });
    await logo.scrollIntoViewIfNeeded();
    // The README's image comes from Pail's raw route, which the policy allows: it loads.
    await expect
      .poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBeGreaterThan(0);

    await page.goto('/acme/widgets/src/feature/dark-mode/src/theme/dark-mode.ts');
    await page.getByRole('region', { name: 'Contents of dark-mode.ts' }).waitFor();
    // Highlighted in the worker, which the policy lets start from the build's scripts and import grammars.
    await page.locator('.code-view[data-highlighted="worker"]').waitFor();

    await page.goto('/acme/widgets/commits');
    const row = page
      .getByRole('list', { name: 'Commits' })
      .getByRole('listitem')
      .filter({ hasNot: page.getByText('Merge', { exact: true }) })
      .first();
    await row.getByRole('link').first().click();
    await page.waitForURL((url) => /^\/acme\/widgets\/commits\/[0-9a-f]{40}$/.test(url.pathname));
    await page.getByRole('list', { name: 'Changed files' }).waitFor();
    await page.locator('tr.diff-line--added').first().waitFor();

    await page.goto('/acme/widgets/pull-requests');
    await page
      .getByRole('list', { name: 'Open pull requests' })
      .getByRole('link', { name: 'Dark mode for every widget' })
      .click();
    await page.waitForURL((url) => /^\/acme\/widgets\/pull-requests\/\d+$/.test(url.pathname));
    await page.getByRole('list', { name: 'Reviewers' }).waitFor();
    await page.locator('tr.diff-line--added').first().waitFor();

    await page.goto('/account');
    await page.getByRole('heading', { name: 'Alice Marchetti' }).waitFor();

    await page.goto('/');
    await page.getByRole('link', { name: /Acme Corporation/ }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('link', { name: 'Sign in with Bitbucket' }).waitFor();

    // The README carries hostile markup (`<img onerror="window.__pailXss = …">`). The sanitiser drops the
    // handler, but Chromium already checks it against the policy while parsing: refused, and reported.
    // Those refusals are expected, and are the only violations anywhere in the visit.
    const hostile = violations.filter(
      (v) => v.directive === 'script-src-attr' && v.sample.includes('__pailXss'),
    );
    expect(hostile.length).toBeGreaterThan(0);
    expect(violations.filter((v) => !hostile.includes(v))).toEqual([]);
    expect(errors).toEqual([]);

    // The watch itself works: an image from a host the policy does not name is refused and reported.
    await page.evaluate(() => {
      const image = new Image();
      image.src = 'https://images.example.invalid/tracker.png';
      document.body.append(image);
    });
    await expect
      .poll(() => violations.some((v) => v.blockedURI.includes('images.example.invalid')))
      .toBe(true);
    await context.close();
  });

  it('queues a violation for /bff/csp-report through the Reporting API, and the BFF accepts that report', async () => {
    const { page, context } = await newVisitor(browser());
    const response = await page.goto('/login');
    const headers = response?.headers() ?? {};
    expect(directives(headers['content-security-policy']).get('report-to')).toEqual([
      'csp-endpoint',
    ]);
    const endpoint = /^csp-endpoint="([^"]+)"$/.exec(headers['reporting-endpoints'] ?? '')?.[1];
    expect(endpoint).toBe(new URL('/bff/csp-report', page.url()).href);

    // Chromium's own record of the reports it queued: proof it took the header and the directive.
    interface Report {
      type: string;
      destination: string;
      initiatorUrl: string;
      body: Record<string, unknown>;
    }
    const reports: Report[] = [];
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.reportingApiReportAdded', ({ report }: { report: Report }) => {
      reports.push(report);
    });
    await cdp.send('Network.enableReportingApi', { enable: true });

    await page.evaluate(() => {
      const image = new Image();
      image.src = 'https://evil.test/x.png?who=alice';
      document.body.append(image);
    });
    const queued = () =>
      reports.find(
        (report) =>
          report.type === 'csp-violation' &&
          report.body.blockedURL === 'https://evil.test/x.png?who=alice',
      );
    await expect.poll(() => queued()?.destination).toBe('csp-endpoint');

    // Chromium batches deliveries a minute apart: the report it queued is sent as it would send it.
    const report = queued();
    const answer = await page.evaluate(
      async ({ url, body }) => {
        const sent = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/reports+json' },
          body: JSON.stringify([{ type: 'csp-violation', age: 0, url: location.href, body }]),
          credentials: 'omit',
        });
        return { status: sent.status, cacheControl: sent.headers.get('Cache-Control') };
      },
      { url: endpoint ?? '', body: report?.body ?? {} },
    );
    expect(answer).toEqual({ status: 204, cacheControl: 'no-store' });
    await context.close();
  });
});
