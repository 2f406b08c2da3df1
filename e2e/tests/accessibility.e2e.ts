// Every page of the first journey, checked with axe-core in light and dark colour schemes.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { newVisitor, signIn, useBrowser } from '../src/browser';

const browser = useBrowser();

describe.each(['light', 'dark'] as const)('accessibility in the %s scheme', (colorScheme) => {
  it('has no serious or critical violations on sign-in, workspaces, repositories and a repository', async () => {
    const { page, context } = await newVisitor(browser());
    await page.emulateMedia({ colorScheme });

    await page.goto('/login?error=access_denied');
    await page.getByRole('alert').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/login');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: /Acme Corporation/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/acme');
    await page.getByRole('list', { name: 'Repositories' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/acme/widgets');
    await page.getByRole('heading', { name: 'widgets', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/acme/no-such-repository');
    await page
      .getByText(/not found/i)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
