// The account page against the real stack: sessions across two browsers, signing one out, scopes, accessibility.
import { SEED_API_TOKENS } from '@pail/bitbucket-emulator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { hasSessionCookie, newVisitor, signIn, signInWithToken, useBrowser } from '../src/browser';

const browser = useBrowser();
const { aliceRead, aliceNoPullrequests, bobRead } = SEED_API_TOKENS;

function sessionRows(page: Page) {
  return page.getByRole('list', { name: 'Active sessions' }).getByRole('listitem');
}

describe('the account page', () => {
  it('lists the sessions of two browsers, and signing out the other one ends it there', async () => {
    // One browser signs in through Bitbucket's consent page, the other with an API token.
    const here = await newVisitor(browser());
    await here.page.goto('/login');
    await signIn(here.page, 'Bob Okafor');
    await here.page.waitForURL((url) => url.pathname === '/');

    const there = await newVisitor(browser());
    await there.page.goto('/login');
    await signInWithToken(there.page, { email: bobRead.email, token: bobRead.token });
    await there.page.waitForURL((url) => url.pathname === '/');
    await there.page.getByRole('link', { name: /Acme Corporation/ }).waitFor();

    await here.page.goto('/account');
    await here.page.getByRole('heading', { name: 'Bob Okafor' }).waitFor();
    // The BFF keeps sessions across tests: count on top of whatever is there already.
    await expect.poll(() => sessionRows(here.page).count()).toBeGreaterThanOrEqual(2);
    const before = await sessionRows(here.page).count();
    const current = sessionRows(here.page).filter({ hasText: 'This browser' });
    await expect(current.count()).resolves.toBe(1);
    expect(await current.innerText()).toContain('Bitbucket (OAuth)');
    // Newest first: the other browser signed in last.
    const other = sessionRows(here.page).first();
    expect(await other.innerText()).not.toContain('This browser');
    expect(await other.innerText()).toMatch(/API token · signed in .+ · last used /);

    await other.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => sessionRows(here.page).count()).toBe(before - 1);
    await expect(current.count()).resolves.toBe(1);

    // The other browser's next call finds its session gone and lands on sign-in, saying why.
    await there.page.getByRole('link', { name: /Acme Corporation/ }).click();
    await there.page.waitForURL((url) => url.pathname === '/login');
    const url = new URL(there.page.url());
    expect(url.searchParams.get('reason')).toBe('session_ended');
    expect(url.searchParams.get('returnTo')).toBe('/acme');
    await there.page.getByText('Your session ended — sign in again').waitFor();
    expect(await hasSessionCookie(there.context)).toBe(false);

    // This browser is still signed in.
    await here.page.reload();
    await here.page.getByRole('heading', { name: 'Bob Okafor' }).waitFor();
    expect(here.errors).toEqual([]);
    await there.context.close();
    await here.context.close();
  });

  it('signs out everywhere after confirming', async () => {
    const here = await newVisitor(browser());
    await here.page.goto('/login');
    await signInWithToken(here.page, { email: aliceRead.email, token: aliceRead.token });
    await here.page.waitForURL((url) => url.pathname === '/');
    const there = await newVisitor(browser());
    await there.page.goto('/login');
    await signIn(there.page);
    await there.page.waitForURL((url) => url.pathname === '/');

    await here.page.goto('/account');
    await expect.poll(() => sessionRows(here.page).count()).toBeGreaterThanOrEqual(2);
    await here.page.getByRole('button', { name: 'Sign out everywhere…' }).click();
    await here.page
      .getByRole('group', { name: 'Sign out of Pail in every browser, this one included?' })
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await here.page.waitForURL((url) => url.pathname === '/login');
    expect(await hasSessionCookie(here.context)).toBe(false);

    const status = await there.page.evaluate(async () => {
      const response = await fetch('/bff/session', { headers: { 'X-CSRF': '1' } });
      return response.status;
    });
    expect(status).toBe(401);
    await there.context.close();
    await here.context.close();
  });

  it('explains a token without the pull request scope, and shows the API usage', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Faccount');
    await signInWithToken(page, {
      email: aliceNoPullrequests.email,
      token: aliceNoPullrequests.token,
    });
    await page.waitForURL((url) => url.pathname === '/account');

    const pullRequests = page
      .getByRole('list', { name: 'Permissions' })
      .getByRole('listitem')
      .filter({ hasText: 'Pull requests' });
    await pullRequests.waitFor();
    expect(await pullRequests.innerText()).toMatch(
      /Not available[\s\S]*pullrequest[\s\S]*OAuth consumer[\s\S]*read:pullrequest:bitbucket[\s\S]*API token/,
    );

    const meter = page.getByRole('meter', { name: 'Bitbucket API usage' });
    await meter.waitFor();
    const used = Number(await meter.getAttribute('value'));
    expect(used).toBeGreaterThanOrEqual(0);
    expect(Number(await meter.getAttribute('max'))).toBeGreaterThan(0);
    await page.getByText(/of [\d,]+ calls \(\d+%\)/).waitFor();
    await context.close();
  });
});

describe.each(['light', 'dark'] as const)('the account page in the %s scheme', (colorScheme) => {
  it('has no serious or critical accessibility violations', async () => {
    const { page, context } = await newVisitor(browser());
    await page.emulateMedia({ colorScheme });
    await page.goto('/login?returnTo=%2Faccount');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/account');
    await sessionRows(page).first().waitFor();
    await page.getByRole('meter', { name: 'Bitbucket API usage' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
