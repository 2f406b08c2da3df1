// Plays a browser through the sign-in dance: BFF login → emulator consent → BFF callback.
import { expect } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import type { Harness } from './bff-harness';
import { CookieJar } from './cookie-jar';
import { decodeEntities } from './html-entities';

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

/** `GET /bff/login`; returns the authorize URL the BFF redirected to. */
export async function startLogin(
  h: Harness,
  jar: CookieJar,
  returnTo?: string,
  headers: Record<string, string> = {},
): Promise<{ response: Response; authorizeUrl: URL }> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const response = await h.request(`/bff/login${query}`, { jar, headers });
  expect(response.status).toBe(302);
  return { response, authorizeUrl: new URL(response.headers.get('Location') ?? '') };
}

/** Shows the emulator's consent page and submits it; returns the callback URL the emulator sends back. */
export async function consent(
  h: Harness,
  authorizeUrl: URL,
  choice: { account?: string; decision?: 'grant' | 'deny' } = {},
): Promise<URL> {
  const page = await h.emulator.fetch(authorizeUrl.href, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = /<form\b[^>]*>/i.exec(html)?.[0] ?? '';
  const action = new URL(attribute(form, 'action') ?? authorizeUrl.pathname, authorizeUrl);
  const fields = new URLSearchParams();
  for (const tag of html.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(tag, 'name');
    if (name !== undefined && attribute(tag, 'type')?.toLowerCase() === 'hidden') {
      fields.append(name, attribute(tag, 'value') ?? '');
    }
  }
  fields.set('account', choice.account ?? 'alice');
  fields.set('decision', choice.decision ?? 'grant');
  const answer = await h.emulator.fetch(action.href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('Location') ?? '');
}

/** Follows the emulator's redirect back to the BFF (path and query only, as the browser would on this origin). */
export function finishLogin(h: Harness, jar: CookieJar, callbackUrl: URL): Promise<Response> {
  return h.request(callbackUrl.pathname + callbackUrl.search, { jar });
}

/** The whole dance; returns the jar holding the session cookie. */
export async function signIn(
  h: Harness,
  options: { account?: string; returnTo?: string; jar?: CookieJar } = {},
): Promise<{ jar: CookieJar; response: Response }> {
  const jar = options.jar ?? new CookieJar();
  const { authorizeUrl } = await startLogin(h, jar, options.returnTo);
  const callbackUrl = await consent(h, authorizeUrl, { account: options.account ?? 'alice' });
  const response = await finishLogin(h, jar, callbackUrl);
  expect(response.status).toBe(302);
  expect(jar.get(SESSION_COOKIE)).toBeDefined();
  expect(jar.get(LOGIN_COOKIE)).toBeUndefined();
  return { jar, response };
}
