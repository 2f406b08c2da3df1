// Browsing source: a branch with `/` in its name, a nested file, linkable line ranges and the file finder.
import { describe, expect, it } from 'vitest';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe('the source browser', () => {
  it('switches to feature/dark-mode, walks to a nested file, and keeps a selected line range across a reload', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets/src');
    await page.getByRole('link', { name: 'src (folder)' }).waitFor();

    const switcher = page.getByRole('combobox', { name: 'Branch or tag' });
    await page.getByRole('option', { name: 'feature/dark-mode' }).waitFor({ state: 'attached' });
    await switcher.selectOption('branch:feature/dark-mode');
    await page.waitForURL((url) => url.pathname === '/acme/widgets/src/feature/dark-mode');

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

  it('shows binary and very large files as a message with Raw and Download', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fsrc%2Fmain%2Fbin%2Fwidgets-linux-amd64');
    await signIn(page);
    await page.getByRole('note', { name: 'Binary file' }).waitFor();
    await page.getByRole('link', { name: 'Download' }).waitFor();

    await page.goto('/acme/widgets/src/main/data/large-fixture.txt');
    await page.getByRole('note', { name: 'File too large to display' }).waitFor();
    await page.getByRole('link', { name: 'Raw' }).waitFor();
    await context.close();
  });
});
