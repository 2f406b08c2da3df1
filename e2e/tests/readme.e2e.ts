// The overview of the seeded showcase repository: its README renders, and its hostile HTML never runs.
import { describe, expect, it } from 'vitest';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe("a repository's README", () => {
  it('renders headings, table, code and the logo, while its script, onerror and javascript: link never run', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets');

    const readme = page.getByRole('region', { name: 'README.md' });
    await readme.getByRole('heading', { level: 1, name: 'Widgets' }).waitFor();
    await readme.getByRole('heading', { level: 2, name: 'Getting started' }).waitFor();
    expect(await readme.getByRole('table').count()).toBeGreaterThan(0);
    expect(await readme.locator('pre code').count()).toBeGreaterThan(0);

    // The relative image is read at the main branch's commit through the API and shown from memory (a
    // blob: URL the page's policy allows), so going back shows it without asking again; it loads.
    const logo = readme.getByRole('img', { name: 'Widgets logo' });
    await logo.scrollIntoViewIfNeeded();
    await expect
      .poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBeGreaterThan(0);
    expect(await logo.getAttribute('src')).toMatch(/^blob:/);
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));

    const guide = readme.getByRole('link', { name: 'the guide' });
    expect(await guide.getAttribute('href')).toMatch(
      /^\/acme\/widgets\/src\/[0-9a-f]{40}\/docs\/guide\.md$/,
    );
    expect(await readme.getByText('Click me').getAttribute('href')).toBeNull();
    expect(await page.locator('main script, main [onerror], main [onload]').count()).toBe(0);

    // Clicking the javascript: link does nothing; the page's own state shows nothing ran.
    await readme.getByText('Click me').click();
    expect(
      await page.evaluate(() => (window as { __pailXss?: unknown }).__pailXss),
    ).toBeUndefined();

    // The relative link stays inside Pail.
    await guide.click();
    await page.waitForURL((url) => url.pathname.endsWith('/docs/guide.md'));
    await page.getByRole('heading', { name: 'guide.md' }).waitFor();
    expect(
      await page.evaluate(() => (window as { __pailXss?: unknown }).__pailXss),
    ).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  });
});
