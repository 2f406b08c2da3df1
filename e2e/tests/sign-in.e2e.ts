// A new user's first journey: sign in through Bitbucket's consent page, browse, reload, deep-link, sign out.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { consentAs, newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe('signing in with Bitbucket', () => {
  it('takes a new user from the sign-in page to their workspaces and repositories, and survives a reload', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    await signIn(page);

    await page.waitForURL((url) => url.pathname === '/');
    const acme = page.getByRole('link', { name: /Acme Corporation/ });
    await acme.waitFor();
    await page.getByRole('link', { name: /Northwind Labs/ }).waitFor();
    await page.getByRole('banner').getByText('Alice Marchetti').waitFor();

    await acme.click();
    await page.waitForURL((url) => url.pathname === '/acme');
    await page.getByRole('link', { name: 'widgets', exact: true }).waitFor();

    // Server-side search: the term goes to Bitbucket's `q` and into the URL.
    await page.getByLabel('Search repositories').fill('billing');
    await page.waitForURL((url) => url.searchParams.get('search') === 'billing');
    await page.getByRole('link', { name: 'billing-service', exact: true }).waitFor();
    await expect(page.getByRole('link', { name: 'widgets', exact: true }).count()).resolves.toBe(0);

    await page.getByLabel('Search repositories').fill('');
    await page.waitForURL((url) => !url.searchParams.has('search'));
    await page.getByRole('link', { name: 'widgets', exact: true }).waitFor();
    const firstPageNames = await repositoryNames(page);

    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await page.getByText(/Page 2 of \d+/).waitFor();
    const secondPageNames = await repositoryNames(page);
    expect(secondPageNames.length).toBeGreaterThan(0);
    expect(secondPageNames.filter((name) => firstPageNames.includes(name))).toEqual([]);

    // Reload: still signed in, still on page 2.
    await page.reload();
    await page.getByText(/Page 2 of \d+/).waitFor();
    expect(await repositoryNames(page)).toEqual(secondPageNames);

    // The browser holds no token: the session cookie is HttpOnly, and web storage keeps only the
    // router's scroll positions.
    const exposed = await page.evaluate(() => ({
      cookie: document.cookie,
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
    }));
    expect(exposed.cookie).toBe('');
    expect(exposed.local).toEqual([]);
    expect(exposed.session.map(([key]) => key)).toEqual(['react-router-scroll-positions']);
    expect(exposed.session[0]?.[1]).toMatch(/^\{[^]*\}$/);
    expect(JSON.stringify(exposed)).not.toMatch(/token|bearer/i);
    const cookies = await context.cookies();
    const sessionCookie = cookies.find((c) => c.name === '__Host-pail-session');
    expect(sessionCookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('brings a fresh browser opening a deep link through sign-in and back to that page', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/acme?page=3&sort=name');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/acme?page=3&sort=name');
    await signIn(page);
    await page.waitForURL(
      (url) => url.pathname === '/acme' && url.searchParams.get('page') === '3',
    );
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    await page.getByText(/Page 3 of \d+/).waitFor();
    await context.close();
  });

  it('signs out: the data is no longer reachable and pages send the user back to sign in', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: /Acme Corporation/ }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');

    const status = await page.evaluate(async () => {
      const response = await fetch('/api/2.0/user/workspaces', { headers: { 'X-CSRF': '1' } });
      return response.status;
    });
    expect(status).toBe(401);
    expect((await context.cookies()).some((c) => c.name === '__Host-pail-session')).toBe(false);

    await page.goto('/acme');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('link', { name: 'Sign in with Bitbucket' }).waitFor();
    await context.close();
  });

  it('explains what happened when the user chooses Deny on the consent page', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Bitbucket' }).click();
    await consentAs(page, 'Alice Marchetti', 'Deny');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    await page.getByRole('alert').getByText(/Deny/).waitFor();
    await page.getByRole('link', { name: 'Try again' }).waitFor();
    expect((await context.cookies()).some((c) => c.name === '__Host-pail-session')).toBe(false);
    await context.close();
  });
});

async function repositoryNames(page: Page): Promise<string[]> {
  // While the next page loads, the previous rows stay on screen, marked busy: wait until they are current.
  const list = page.getByRole('list', { name: 'Repositories' });
  await list.and(page.locator(':not([aria-busy="true"])')).waitFor();
  // Each row links its repository once, by name.
  return list.getByRole('link').allInnerTexts();
}

describe('a callback that did not come from this browser’s sign-in', () => {
  it('explains a forged callback, offers to try again, and makes no token request', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/bff/callback?code=forged-code&state=forged-state');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('error')).toBe('state_mismatch');
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Try again' }).waitFor();
    expect(await tokenRequests()).toBe(0);
    expect((await context.cookies()).some((c) => c.name === '__Host-pail-session')).toBe(false);
    await context.close();
  });

  it('refuses a replayed callback: the state was used once already', async () => {
    const { page, context } = await newVisitor(browser());
    let callbackUrl: string | undefined;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/bff/callback') callbackUrl = request.url();
    });
    await page.goto('/login');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/');
    expect(callbackUrl).toBeDefined();
    expect(await tokenRequests()).toBe(1);

    // Another browser replaying the URL (e.g. from a leaked log or history) gets nothing.
    const thief = await newVisitor(browser());
    await thief.page.goto(callbackUrl!);
    await thief.page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(thief.page.url()).searchParams.get('error')).toBe('state_mismatch');
    expect((await thief.context.cookies()).some((c) => c.name === '__Host-pail-session')).toBe(
      false,
    );

    // The same browser replaying it is refused too, and the code is never exchanged twice.
    await page.goto(callbackUrl!);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('error')).toBe('state_mismatch');
    expect(await tokenRequests()).toBe(1);
    await thief.context.close();
    await context.close();
  });
});

async function tokenRequests(): Promise<number> {
  const response = await fetch(`${inject('emulatorUrl')}/_emulator/requests`);
  const requests = (await response.json()) as Array<{ method: string; path: string }>;
  return requests.filter((r) => r.method === 'POST' && r.path === '/site/oauth2/access_token')
    .length;
}
