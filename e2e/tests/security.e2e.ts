// Attacker's view in a real Chromium: repository content never runs script on Pail's origin, and the browser holds nothing worth stealing.
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newVisitor, signIn, signInWithToken, useBrowser } from '../src/browser';

const browser = useBrowser();
const SESSION_COOKIE = '__Host-pail-session';

interface Hit {
  value: string;
  url: string;
}

/**
 * Every document of the context, in every frame, gets a setter on `window.__pailXss` (what the seeded
 * README, SVG and HTML write) and an `alert` that report to the test — so script that runs anywhere is
 * caught even when the page has navigated away since. readme.e2e.ts and raw.e2e.ts check the rendering.
 */
async function setTraps(context: BrowserContext): Promise<Hit[]> {
  const hits: Hit[] = [];
  await context.exposeBinding('__pailXssReport', ({ frame }, value: unknown) => {
    hits.push({ value: String(value), url: frame.url() });
  });
  await context.addInitScript(() => {
    const report = (value: unknown) =>
      (window as unknown as { __pailXssReport?: (v: unknown) => void }).__pailXssReport?.(value);
    Object.defineProperty(window, '__pailXss', {
      configurable: false,
      get: () => undefined,
      set: (value: unknown) => report(value),
    });
    window.alert = (message?: unknown) => report(`alert:${String(message)}`);
  });
  return hits;
}

/** Everything script on Pail's origin could read: cookies, both storages, every IndexedDB record. */
async function readableState(page: Page): Promise<{ cookie: string; stored: string[] }> {
  return page.evaluate(async () => {
    const stored: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i) ?? '';
        stored.push(`${key}=${storage.getItem(key) ?? ''}`);
      }
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        stored.push(`${info.name}/${storeName}=${JSON.stringify(values)}`);
      }
      db.close();
    }
    return { cookie: document.cookie, stored };
  });
}

/** The emulator's access and refresh tokens are 2,560 base64url characters; API tokens start ATATT. */
const TOKEN_LIKE = [/[A-Za-z0-9_-]{100,}/, /ATATT[A-Za-z0-9_-]{20,}/];

async function expectNothingTokenLike(page: Page, context: BrowserContext, secrets: string[]) {
  const { cookie, stored } = await readableState(page);
  const sessionId = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
  expect(cookie).not.toContain(SESSION_COOKIE);
  for (const text of [cookie, ...stored]) {
    for (const pattern of TOKEN_LIKE) expect(text).not.toMatch(pattern);
    for (const secret of [...secrets, ...(sessionId ? [sessionId] : [])]) {
      expect(text).not.toContain(secret);
    }
  }
  return sessionId;
}

/** Every Content-Security-Policy violation in any frame of the context, as the browser reports it. */
async function collectViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__pailCspReport', (_source, text: unknown) => {
    violations.push(String(text));
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __pailCspReport?: (v: unknown) => void })
        .__pailCspReport;
      report?.(`${event.effectiveDirective} blocked ${event.blockedURI} on ${location.pathname}`);
    });
  });
  return violations;
}

function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe('security in the browser', () => {
  it('the shell arrives with a nonce-based CSP, and signing in and browsing runs under it without a violation of the app’s own', async () => {
    const { page, context, errors } = await newVisitor(browser());
    const violations = await collectViolations(context);
    const response = await page.goto(
      '/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain%2Fdocs%2Fguide.md',
    );
    const policy = parsePolicy(response?.headers()['content-security-policy'] ?? '');
    const scripts = policy.get('script-src') ?? [];
    expect(scripts.some((source) => /^'nonce-[A-Za-z0-9+/=_-]{22,}'$/.test(source))).toBe(true);
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);

    // Lazy routes, highlighting, Markdown, avatars, diffs and the account page all load under the policy.
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets/src/main/docs/guide.md');
    await page.getByRole('heading', { name: 'guide.md' }).waitFor();
    await page.goto('/acme/widgets/pull-requests/24');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Alice Marchetti' }).waitFor();
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    expect(violations).toEqual([]);

    // The hostile README: Chrome reports the inline handlers the sanitiser parses (in an inert document,
    // where nothing runs); nothing else is refused, and the traps in the next test show nothing ran.
    await page.goto('/acme/widgets');
    await page.getByRole('region', { name: 'README.md' }).waitFor();
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    expect(violations.every((text) => text.startsWith('script-src-attr blocked inline '))).toBe(
      true,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the README’s script, onerror and javascript: link, and the SVG and HTML files in source view and raw, never run on Pail’s origin', async () => {
    const { page, context, errors } = await newVisitor(browser());
    const hits = await setTraps(context);
    await page.goto('/login?returnTo=%2Facme%2Fwidgets');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets');
    const readme = page.getByRole('region', { name: 'README.md' });
    await readme.getByRole('heading', { level: 1, name: 'Widgets' }).waitFor();
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    await readme.getByText('Click me').click();

    // The trap itself works on Pail's origin: a write is reported (and then forgotten).
    await page.evaluate(() => {
      (window as { __pailXss?: unknown }).__pailXss = 'trap-check';
    });
    await expect.poll(() => hits.map((hit) => hit.value)).toEqual(['trap-check']);
    hits.length = 0;

    for (const file of ['assets/logo.svg', 'public/demo.html']) {
      await page.goto(`/acme/widgets/src/main/${file}`);
      const name = file.split('/').at(-1) ?? '';
      if (file.endsWith('.svg')) await page.getByRole('img', { name }).waitFor();
      else await page.getByRole('region', { name: `Contents of ${name}` }).waitFor();

      // The raw file opened as a document of its own: sandboxed into an opaque origin, no script.
      await page.goto(`/acme/widgets/raw/main/${file}`);
      await page.waitForLoadState('load');
      const raw = await page.evaluate(() => ({
        origin: self.origin,
        title: document.title,
        type: document.contentType,
      }));
      expect(raw.origin).toBe('null');
      expect(raw.type).toBe('text/plain');
      expect(raw.title).not.toBe('pwned');
    }
    expect(hits).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after a full journey (sign-in, browse, a pull request, the account page, sign-out, sign-in again) script sees no session cookie and no token in storage or IndexedDB', async () => {
    const { page, context } = await newVisitor(browser());
    const { aliceRead } = SEED_API_TOKENS;
    const seen: string[] = [aliceRead.token];

    await page.goto('/login');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/');
    const first = await expectNothingTokenLike(page, context, seen);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    seen.push(first ?? '');

    await page.goto('/acme/widgets');
    await page.getByRole('region', { name: 'README.md' }).waitFor();
    await page.goto('/acme/widgets/src/main/docs/guide.md');
    await page.getByRole('heading', { name: 'guide.md' }).waitFor();
    await page.goto('/acme/widgets/pull-requests/24');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Alice Marchetti' }).waitFor();
    await expectNothingTokenLike(page, context, seen);

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(await expectNothingTokenLike(page, context, seen)).toBeUndefined();

    // Signing in again, this time with an API token typed into the page.
    await signInWithToken(page, { email: aliceRead.email, token: aliceRead.token });
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: /Acme Corporation/ }).waitFor();
    await page.goto('/acme/widgets');
    await page.getByRole('region', { name: 'README.md' }).waitFor();
    const second = await expectNothingTokenLike(page, context, seen);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await context.close();
  });
});
