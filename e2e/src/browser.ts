// Launches Debian's Chromium through playwright-core and gives each test a fresh browser profile.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/lib/chromium-args.mjs';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PAIL_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * One Chromium for the whole file and a freshly seeded emulator before each test.
 * Returns a getter, since the browser only exists once `beforeAll` has run.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(resetEmulator);
  return () => {
    if (!browser) throw new Error('the browser is not running yet');
    return browser;
  };
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Everything the page logged as an error or threw, so a test can assert there was none. */
  errors: string[];
}

/** A new person at a new browser: empty cookie jar and storage. */
export async function newVisitor(browser: Browser): Promise<Visitor> {
  const context = await browser.newContext({ baseURL: inject('webUrl') });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

export async function resetEmulator(): Promise<void> {
  const response = await fetch(`${inject('emulatorUrl')}/_emulator/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`emulator reset failed: ${response.status}`);
}

/** Clicks through Bitbucket's (the emulator's) consent page as the given user. */
export async function consentAs(
  page: Page,
  displayName: string,
  decision: 'Grant access' | 'Deny' = 'Grant access',
): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/site/oauth2/authorize');
  await page.getByLabel(displayName).check();
  await page.getByRole('button', { name: decision }).click();
}

/** Signs in from the sign-in page through the consent page. */
export async function signIn(page: Page, displayName = 'Alice Marchetti'): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with Bitbucket' }).click();
  await consentAs(page, displayName);
}

/** Signs in from the sign-in page with an Atlassian account email and an API token. */
export async function signInWithToken(
  page: Page,
  credentials: { email: string; token: string },
): Promise<void> {
  await page.getByLabel('Atlassian account email').fill(credentials.email);
  await page.getByLabel('API token', { exact: true }).fill(credentials.token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
}

/** Whether this browser holds a Pail session cookie. */
export async function hasSessionCookie(context: BrowserContext): Promise<boolean> {
  return (await context.cookies()).some((cookie) => cookie.name === '__Host-pail-session');
}
