// Pull requests in the seeded showcase repository: find a merged one and read its reviewers, description and diff.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe('pull requests', () => {
  it('opens a merged pull request from the Merged filter and shows its reviewers, description and diff', async () => {
    const { page, context, errors } = await newVisitor(browser());
    await page.goto('/login?returnTo=%2Facme%2Fwidgets%2Fpull-requests');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/acme/widgets/pull-requests');

    const open = page.getByRole('list', { name: 'Open pull requests' });
    await open.getByRole('link', { name: 'Dark mode for every widget' }).waitFor();
    const draft = open.getByRole('listitem').filter({ hasText: 'PAIL-42' });
    await draft.getByText('Draft', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Pull request state' })
      .getByRole('link', { name: 'Merged' })
      .click();
    await page.waitForURL((url) => url.searchParams.get('state') === 'MERGED');
    const merged = page.getByRole('list', { name: 'Merged pull requests' });
    await merged.waitFor();
    const first = merged.getByRole('listitem').first().getByRole('link').first();
    const title = (await first.innerText()).trim();
    await first.click();
    await page.waitForURL((url) => /^\/acme\/widgets\/pull-requests\/\d+$/.test(url.pathname));

    const heading = page.getByRole('heading', { level: 2, name: new RegExp(escape(title)) });
    await heading.waitFor();
    await page.locator('header').getByText('Merged', { exact: true }).waitFor();

    const reviewers = page.getByRole('list', { name: 'Reviewers' });
    await reviewers.waitFor();
    expect(await reviewers.getByText('Approved', { exact: true }).count()).toBeGreaterThan(0);

    const description = page.getByRole('region', { name: 'Description' });
    expect((await description.innerText()).trim().length).toBeGreaterThan(0);

    const files = page.getByRole('list', { name: 'Changed files' });
    await files.waitFor();
    expect(await files.getByRole('listitem').count()).toBeGreaterThan(0);
    await page.locator('tr.diff-line--added').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
