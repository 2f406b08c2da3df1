// Signing in with an Atlassian API token against the emulator's seeded tokens: success, refusals, accessibility.
import { SEED_API_TOKENS, SEED_APP_PASSWORDS } from '@pail/bitbucket-emulator';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../src/accessibility';
import { hasSessionCookie, newVisitor, signInWithToken, useBrowser } from '../src/browser';

const browser = useBrowser();
const { aliceRead, aliceExpired } = SEED_API_TOKENS;

describe('signing in with an API token', () => {
  it('reaches a raw file asked for while signed out, which only a full page load can open', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/acme/widgets/raw/feature/dark-mode/src/theme/dark-mode.ts');
    await page.waitForURL((url) => url.pathname === '/login');
    await signInWithToken(page, { email: aliceRead.email, token: aliceRead.token });

    await page.waitForURL(
      (url) => url.pathname === '/acme/widgets/raw/feature/dark-mode/src/theme/dark-mode.ts',
    );
    const body = await page.locator('body').innerText();
    expect(body).toContain('dark');
    expect(await page.evaluate(() => document.contentType)).toBe('text/plain');
    await context.close();
  });

  it('takes the user to the page they asked for, with the token kept out of URLs and storage', async () => {
    const { page, context, errors } = await newVisitor(browser());
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));

    await page.goto('/acme?sort=name');
    await page.waitForURL((url) => url.pathname === '/login');
    await signInWithToken(page, { email: aliceRead.email, token: aliceRead.token });

    await page.waitForURL((url) => url.pathname === '/acme');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    await page.getByRole('list', { name: 'Repositories' }).waitFor();
    await page.getByRole('banner').getByText('Alice Marchetti').waitFor();

    // The token travelled once, in a JSON body, and nowhere else.
    const tokenLogin = urls.filter((url) => new URL(url).pathname === '/bff/login/token');
    expect(tokenLogin).toHaveLength(1);
    expect(urls.filter((url) => url.includes(aliceRead.token))).toEqual([]);
    const exposed = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify(localStorage),
      session: JSON.stringify(sessionStorage),
      html: document.documentElement.outerHTML,
    }));
    expect(exposed.cookie).toBe('');
    expect(JSON.stringify(exposed)).not.toContain(aliceRead.token);
    expect(await hasSessionCookie(context)).toBe(true);

    // The account page tells how this browser signed in and what the token allows.
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Alice Marchetti' }).waitFor();
    await page.getByText('API token', { exact: true }).waitFor();
    const pullRequests = page
      .getByRole('list', { name: 'Permissions' })
      .getByRole('listitem')
      .filter({ hasText: 'Pull requests' });
    const text = await pullRequests.innerText();
    expect(text).toContain('Available');
    expect(text).not.toContain('Not available');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a wrong token with a message, clears it, and creates no session', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login');
    await signInWithToken(page, { email: aliceRead.email, token: `${aliceRead.token}x` });

    const alert = page.getByRole('alert');
    await alert.getByText('That email and API token did not work').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.getByLabel('API token', { exact: true }).inputValue()).resolves.toBe('');
    await expect(page.getByLabel('Atlassian account email').inputValue()).resolves.toBe(
      aliceRead.email,
    );
    expect(await hasSessionCookie(context)).toBe(false);

    const status = await page.evaluate(async () => {
      const response = await fetch('/bff/session', { headers: { 'X-CSRF': '1' } });
      return response.status;
    });
    expect(status).toBe(401);
    await context.close();
  });

  it('refuses an expired token the same way', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login');
    await signInWithToken(page, { email: aliceExpired.email, token: aliceExpired.token });
    await page.getByRole('alert').getByText('That email and API token did not work').waitFor();
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });

  it('explains that app passwords were retired', async () => {
    const { page, context } = await newVisitor(browser());
    await page.goto('/login');
    const { alice } = SEED_APP_PASSWORDS;
    await signInWithToken(page, { email: alice.nickname, token: alice.password });

    const alert = page.getByRole('alert');
    await alert.getByText(/retired app passwords on 28 July 2026/).waitFor();
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });
});

describe.each(['light', 'dark'] as const)('the sign-in page in the %s scheme', (colorScheme) => {
  // Refused sign-ins are checked above; each counts against the BFF's per-address limit of failed attempts.
  it('has no serious or critical accessibility violations, with and without an error', async () => {
    const { page, context } = await newVisitor(browser());
    await page.emulateMedia({ colorScheme });
    await page.goto('/login?returnTo=%2Facme&reason=session_ended');
    await page.getByText('Your session ended — sign in again').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByText('Enter the email address of your Atlassian account.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await context.close();
  });
});
