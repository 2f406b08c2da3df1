// Signs a virtual user in as a person does: Pail's sign-in, the emulator's consent page, back to Pail.
import { SESSION_COOKIE } from '@pail/shared';
import { CookieJar } from '../../apps/bff/src/testing/cookie-jar';
import { decodeEntities } from '../../apps/bff/src/testing/html-entities';

export interface Person {
  /** The seeded account chosen on the consent page. */
  account: string;
  /** The repository (`workspace/slug`) this person browses. */
  repository: string;
  /** This person's client address, sent as `X-Forwarded-For` (the BFF limits sign-in starts per address). */
  address: string;
}

async function expectStatus(response: Response, status: number, step: string): Promise<void> {
  if (response.status === status) return;
  const body = (await response.text()).slice(0, 200);
  throw new Error(`sign-in: ${step} answered ${response.status}, not ${status}: ${body}`);
}

/** Returns the `Cookie` header of the new session (the session cookie alone). */
export async function signIn(bffUrl: string, person: Person): Promise<string> {
  const jar = new CookieJar();
  const headers = () => {
    const h = new Headers({ 'X-Forwarded-For': person.address });
    const cookie = jar.header();
    if (cookie !== undefined) h.set('Cookie', cookie);
    return h;
  };
  const login = await fetch(`${bffUrl}/bff/login?returnTo=%2Facme%2Fwidgets`, {
    headers: headers(),
    redirect: 'manual',
  });
  await expectStatus(login, 302, 'GET /bff/login');
  jar.capture(login);
  const authorize = new URL(login.headers.get('Location') ?? '');

  const page = await fetch(authorize, { redirect: 'manual' });
  await expectStatus(page, 200, 'the consent page');
  const fields = new URLSearchParams();
  for (const match of (await page.text()).matchAll(
    /<input type="hidden" name="([^"]*)" value="([^"]*)"/g,
  )) {
    fields.append(decodeEntities(match[1] ?? ''), decodeEntities(match[2] ?? ''));
  }
  fields.set('account', person.account);
  fields.set('decision', 'grant');
  const granted = await fetch(`${authorize.origin}${authorize.pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  await expectStatus(granted, 302, 'granting access');
  const callback = new URL(granted.headers.get('Location') ?? '');

  const finished = await fetch(`${bffUrl}${callback.pathname}${callback.search}`, {
    headers: headers(),
    redirect: 'manual',
  });
  await expectStatus(finished, 302, 'GET /bff/callback');
  jar.capture(finished);
  const session = jar.get(SESSION_COOKIE);
  if (session === undefined) throw new Error('sign-in: the callback set no session cookie');
  return `${SESSION_COOKIE}=${session}`;
}

/** Whether this cookie's session answers signed in as this person, as the SPA asks on every page load. */
export async function isSignedIn(bffUrl: string, person: Person, cookie: string): Promise<boolean> {
  const response = await fetch(`${bffUrl}/bff/session`, {
    headers: { Cookie: cookie, 'X-CSRF': '1', 'X-Forwarded-For': person.address },
    redirect: 'manual',
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    return false;
  }
  const body = (await response.json()) as { user?: { nickname?: string } };
  return body.user?.nickname === person.account;
}
