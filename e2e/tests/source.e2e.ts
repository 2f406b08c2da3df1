// Browsing source: the ref switcher, a branch with `/` in its name, a nested file, line ranges and the file finder.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe('the source browser', () => {
  it('switches to feature/dark-mode, walks to a nested file, and keeps a selected line range across a reload', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets/src');
    await page.getByRole('link', { name: 'src (folder)' }).waitFor();

    await page.getByRole('button', { name: 'Branch: main' }).click();
    const picker = page.getByRole('dialog', { name: 'Switch branch or tag' });
    await picker.getByRole('combobox', { name: 'Filter branches and tags' }).fill('dark');
    await picker.getByRole('option', { name: 'feature/dark-mode', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/acme/widgets/src/feature/dark-mode');
    await page.getByRole('button', { name: 'Branch: feature/dark-mode' }).waitFor();

    await page.getByRole('link', { name: 'src (folder)' }).click();
    await page.getByRole('link', { name: 'theme (folder)' }).click();
    await page.getByRole('link', { name: 'dark-mode.ts' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/acme/widgets/src/feature/dark-mode/src/theme/dark-mode.ts',
    );
    const code = page.getByRole('region', { name: 'Contents of dark-mode.ts' });
    await code.waitFor();
    // Shiki colours the tokens once its grammar has loaded.
    await page.locator('.code-view[data-highlighted]').waitFor();

    await code.getByRole('link', { name: 'Line 3', exact: true }).click();
    await page.waitForURL((url) => url.hash === '#lines-3');
    await code.getByRole('link', { name: 'Line 7', exact: true }).click({ modifiers: ['Shift'] });
    await page.waitForURL((url) => url.hash === '#lines-3:7');
    await page.getByText('Lines 3–7 selected').waitFor();

    await page.reload();
    await page.getByText('Lines 3–7 selected').waitFor();
    const selected = await page
      .locator('.code-line.is-selected')
      .evaluateAll((lines) => lines.map((line) => line.getAttribute('data-line')));
    expect(selected).toEqual(['3', '4', '5', '6', '7']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('finds a file with t, a fuzzy filter, the arrow keys and Enter', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain');
    await signIn(page);
    await page.getByRole('link', { name: 'src (folder)' }).waitFor();

    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: /Go to file/ });
    await dialog.waitFor();
    await page.keyboard.type('fmtdate');
    await dialog.getByRole('option', { name: 'src/lib/format/format-date.ts' }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(
      (url) => url.pathname === '/acme/widgets/src/main/src/lib/format/format-date.ts',
    );
    await page.getByRole('heading', { name: 'format-date.ts' }).waitFor();
    expect(await dialog.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows binary files as a message, and a 2 MB file as text with only its visible lines rendered', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain%2Fbin%2Fwidgets-linux-amd64');
    await signIn(page);
    await page.getByRole('note', { name: 'Binary file' }).waitFor();
    await page.getByRole('link', { name: 'Download' }).waitFor();

    await page.goto('/acme/widgets/src/main/data/large-fixture.txt');
    const contents = page.getByRole('region', { name: 'Contents of large-fixture.txt' });
    await contents.locator('[data-line="1"]').waitFor();
    await page.getByRole('link', { name: 'Raw' }).waitFor();
    const rendered = await contents.locator('[data-line]').count();
    const lastLine = await page.evaluate(() => {
      const list = document.querySelector<HTMLElement>('.code-view__lines');
      return list ? Math.round(list.getBoundingClientRect().height / 20) : 0;
    });
    expect(lastLine).toBeGreaterThan(10_000);
    expect(rendered).toBeLessThan(200);
    await context.close();
  });
});

/** The accessible name of the focused element, as far as the switcher's button and filter need it. */
function focusedControl(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused) return null;
    return focused.getAttribute('aria-label') ?? focused.textContent?.trim() ?? null;
  });
}

describe.each(['light', 'dark'] as const)(
  'the ref switcher on a phone, %s scheme',
  (colorScheme) => {
    it('is used from the keyboard alone, fits a 390 px screen and passes axe while open', async () => {
      const { page, context, errors } = await newVisitor(browser());
      await page.setViewportSize({ width: 390, height: 844 });
      await page.emulateMedia({ colorScheme });
      await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain%2Fsrc');
      await signIn(page);
      await page.getByRole('link', { name: 'lib (folder)' }).waitFor();

      const button = page.getByRole('button', { name: 'Branch: main' });
      await button.focus();
      await page.keyboard.press('Enter');
      const picker = page.getByRole('dialog', { name: 'Switch branch or tag' });
      await picker.getByRole('option', { name: 'v1.0.0', exact: true }).waitFor();
      expect(await focusedControl(page)).toBe('Filter branches and tags');
      const box = await picker.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await seriousViolations(page)).toEqual([]);

      // Escape closes and puts the keyboard back on the button.
      await page.keyboard.press('Escape');
      await picker.waitFor({ state: 'detached' });
      expect(await focusedControl(page)).toBe('Branch: main');

      // Arrows never navigate; Enter chooses the active option.
      await page.keyboard.press('ArrowDown');
      await picker.waitFor();
      await page.keyboard.type('release/2');
      await picker.getByRole('option', { name: 'release/2.x', exact: true }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      expect(new URL(page.url()).pathname).toBe('/acme/widgets/src/main/src');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/acme/widgets/src/release/2.x/src');
      await page.getByRole('button', { name: 'Branch: release/2.x' }).waitFor();
      await page.waitForFunction(() =>
        document.activeElement?.textContent?.includes('release/2.x'),
      );
      await page.getByRole('link', { name: 'lib (folder)' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);
