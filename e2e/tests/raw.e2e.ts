// Raw files open from Pail's own origin, and active content in them (an SVG's script, an HTML page) never runs.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

/** Follows the file view's Raw link; a download (attachment) leaves the page where it was. */
async function openRaw(page: Page): Promise<void> {
  const raw = page.getByRole('link', { name: 'Raw' });
  const href = await raw.getAttribute('href');
  expect(href).toMatch(/^\/acme\/widgets\/raw\/[0-9a-f]{40}\//);
  const download = page.waitForEvent('download', { timeout: 5_000 }).catch(() => undefined);
  await raw.click();
  await Promise.race([
    page.waitForURL((url) => url.pathname === href?.split('?')[0], { timeout: 10_000 }),
    download,
  ]);
  await page.waitForLoadState('load');
}

async function nothingRan(page: Page): Promise<{ xss: unknown; title: string }> {
  return page.evaluate(() => ({
    xss: (window as { __pailXss?: unknown }).__pailXss,
    title: document.title,
  }));
}

describe('raw files', () => {
  it('serves assets/logo.svg without running its script or onload handler', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain%2Fassets%2Flogo.svg');
    await signIn(page);
    await page.getByRole('img', { name: 'logo.svg' }).waitFor();
    await openRaw(page);
    const result = await nothingRan(page);
    expect(result.xss).toBeUndefined();
    expect(result.title).not.toBe('pwned');
    await context.close();
  });

  it('serves public/demo.html without running its script', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain%2Fpublic%2Fdemo.html');
    await signIn(page);
    await page.getByRole('region', { name: 'Contents of demo.html' }).waitFor();
    await openRaw(page);
    const result = await nothingRan(page);
    expect(result.xss).toBeUndefined();
    expect(result.title).not.toBe('pwned');
    await context.close();
  });
});
