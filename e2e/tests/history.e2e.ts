// History and commits in the seeded showcase repository: open a commit from the history and read its diff.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe('history and commits', () => {
  it('opens a commit from the history, shows its files and added lines, and switches to side by side', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fcommits');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets/commits');

    const list = page.getByRole('list', { name: 'Commits' });
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBe(30);
    expect(await seriousViolations(page)).toEqual([]);

    // "Load more" follows Bitbucket's `next` link.
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label="Commits"] > li').length === 60,
    );

    // The newest commit that is not a merge has a diff of its own.
    const row = list
      .getByRole('listitem')
      .filter({ hasNot: page.getByText('Merge', { exact: true }) })
      .first();
    const summaryLink = row.getByRole('link').first();
    const summary = (await summaryLink.innerText()).trim();
    await summaryLink.click();
    await page.waitForURL((url) => /^\/acme\/widgets\/commits\/[0-9a-f]{40}$/.test(url.pathname));
    await page.getByRole('heading', { level: 2, name: summary }).waitFor();
    await page.getByRole('link', { name: 'Browse source at this commit' }).waitFor();

    const files = page.getByRole('list', { name: 'Changed files' });
    await files.waitFor();
    const file = page.locator('section.diff-file').first();
    const firstPath = (await file.getAttribute('aria-label')) ?? '';
    expect(await files.getByText(firstPath, { exact: true }).count()).toBe(1);
    await file.waitFor();
    const changed = file.locator('tr.diff-line--added, tr.diff-line--removed').first();
    await changed.waitFor();
    expect(await changed.isVisible()).toBe(true);
    expect(await file.locator('table.diff-table--unified').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Side by side' }).click();
    await file.locator('table.diff-table--split').waitFor();
    expect(
      await page.getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed'),
    ).toBe('true');

    // The choice is remembered.
    await page.reload();
    await page
      .getByRole('region', { name: firstPath, exact: true })
      .locator('table.diff-table--split')
      .waitFor();

    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists branches and tags in natural order and opens a branch with slashes in its name', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Ftags');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets/tags');

    const tags = page.getByRole('list', { name: 'Tags' });
    await tags.waitFor();
    const names = await tags.locator('.ref-row__name').allInnerTexts();
    expect(names.indexOf('v1.10.0')).toBeGreaterThan(names.indexOf('v1.2.0'));
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );

    await page.goto('/acme/widgets/branches');
    const branches = page.getByRole('list', { name: 'Branches' });
    await branches.waitFor();
    const main = branches.getByRole('listitem').filter({ hasText: 'Main branch' });
    expect(await main.locator('.ref-row__name').innerText()).toBe('main');
    await branches.getByRole('link', { name: 'History of bugfix/PAIL-42/login-redirect' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/acme/widgets/commits/branch/bugfix/PAIL-42/login-redirect',
    );
    await page
      .getByRole('list', { name: 'Commits' })
      .getByRole('link', { name: 'PAIL-42: remember the basket before redirecting to login' })
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
