// Bitbucket failing, slow or rate-limiting (the emulator's faults): what is loaded stays, the banner says why.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

const UNAVAILABLE = 'Bitbucket is unavailable right now. Showing what Pail already loaded.';

async function setFaults(settings: object): Promise<void> {
  const response = await fetch(`${inject('emulatorUrl')}/_emulator/faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`setting faults failed: ${response.status}`);
}

async function clearFaults(): Promise<void> {
  const response = await fetch(`${inject('emulatorUrl')}/_emulator/faults`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`clearing faults failed: ${response.status}`);
}

afterEach(clearFaults);

/** Signs in and opens acme's repository list, which is then in the app's cache. */
async function browseAcme(page: Page): Promise<void> {
  await page.goto('/login?returnTo=%2Facme');
  await signIn(page);
  await page.waitForURL((url) => url.pathname === '/acme');
  await page.getByRole('link', { name: 'widgets', exact: true }).waitFor();
}

/** The banner's sentence (without its buttons). */
function banner(page: Page) {
  return page.locator('.connectivity-banner__text');
}

/** The banner saying `text`. */
function bannerSaying(page: Page, text: string | RegExp) {
  return page.locator('.connectivity-banner').getByText(text);
}

describe('when Bitbucket is in trouble', () => {
  it('keeps what was loaded on screen and says Bitbucket is unavailable (503), until Retry finds it back', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await browseAcme(page);
    await setFaults({
      rules: [{ fault: 'status', status: 503, path: '/2.0/repositories/acme/widgets' }],
    });

    await page.getByRole('link', { name: 'widgets', exact: true }).click();
    await page.getByRole('alert').getByText('Could not load this repository').waitFor();
    await expect(banner(page).textContent()).resolves.toBe(UNAVAILABLE);

    await page.goBack();
    await page.getByRole('list', { name: 'Repositories' }).waitFor();
    await expect(banner(page).textContent()).resolves.toBe(UNAVAILABLE);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await clearFaults();
    await page.locator('.connectivity-banner').getByRole('button', { name: 'Retry' }).click();
    await banner(page).waitFor({ state: 'detached' });
    await expect(
      page.getByRole('link', { name: 'widgets', exact: true }).isVisible(),
    ).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says Bitbucket is slow while an answer takes over 3 s, and stops saying it once it arrives', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await browseAcme(page);
    // Every answer from Bitbucket takes 4 s: each call the repository page makes waits past the 3 s mark.
    await setFaults({ latencyMs: 4000 });
    await page.getByRole('link', { name: 'widgets', exact: true }).click();
    await bannerSaying(page, 'Bitbucket is slow to answer… Pail is still waiting.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'widgets', exact: true }).waitFor();

    // Bitbucket is quick again: the calls still waiting are answered, and nothing is slow any more.
    await clearFaults();
    await banner(page).waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'README.md' }).waitFor();
    await expect(banner(page).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts a rate limit down, then asks again by itself and recovers', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.emulateMedia({ colorScheme: 'dark' });
    await browseAcme(page);
    // One call to the repository API per 6 s: opening a repository needs more than that.
    await setFaults({ rateLimit: { limit: 1, windowSeconds: 6 } });

    await page.getByRole('link', { name: 'widgets', exact: true }).click();
    const countdown = bannerSaying(
      page,
      /^Bitbucket's rate limit was reached\. Retrying in \d s\.$/,
    );
    await countdown.waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await clearFaults();
    await banner(page).waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('heading', { level: 1, name: 'widgets', exact: true }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('never leaves a blank page when a page’s code cannot be downloaded', async () => {
    const { page, context } = await newVisitor(browser());
    await browseAcme(page);
    await page.getByRole('link', { name: 'widgets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'widgets', exact: true }).waitFor();
    await page.route(/\/assets\/branches-[^/]+\.js$/, (route) => route.abort('connectionreset'));

    await page.getByRole('link', { name: 'Branches' }).click();
    const failed = page.getByRole('alert', { name: 'Something went wrong' });
    await failed.getByText('Part of Pail could not be downloaded').waitFor();
    await expect(page.getByRole('link', { name: 'Pail home' }).isVisible()).resolves.toBe(true);

    await page.unroute(/\/assets\/branches-[^/]+\.js$/);
    await failed.getByRole('button', { name: 'Reload the page' }).click();
    await page.getByRole('list', { name: /branches/i }).waitFor();
    await context.close();
  });
});
