// The repository pages (overview, a folder, a file) checked with axe-core in light and dark colour schemes.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe.each(['light', 'dark'] as const)('repository pages in the %s scheme', (colorScheme) => {
  it('have no serious or critical violations on the overview, a folder and a file', async () => {
    const { page, context } = await newVisitor(browser());
    await page.emulateMedia({ colorScheme });
    await page.goto('/login?returnTo=%2Facme%2Fwidgets');
    await signIn(page);

    await page.waitForURL((url) => url.pathname === '/acme/widgets');
    await page
      .getByRole('region', { name: 'README.md' })
      .getByRole('heading', { name: 'Widgets' })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/acme/widgets/src/main/src');
    await page.getByRole('link', { name: 'lib (folder)' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/acme/widgets/src/main/src/lib/format/format-date.ts#lines-2:4');
    await page.locator('.code-view[data-highlighted]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/acme/widgets/src/main/docs/guide.md');
    await page.getByRole('button', { name: 'Rendered' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
