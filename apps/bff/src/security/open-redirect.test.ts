import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReturnTo } from '@pail/shared';
import { createHarness, type Harness } from '../testing/bff-harness';
import { consent, finishLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';

/** Where a browser would land after signing in from `/bff/login?returnTo=<value>`. */
async function landing(h: Harness, returnTo: string, client: number): Promise<string> {
  const jar = new CookieJar();
  // A distinct address per sign-in, so the sign-in start limit never decides the outcome.
  const env = {
    incoming: {
      socket: {
        remoteAddress: `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`,
      },
    },
  };
  const started = await h.request(`/bff/login?returnTo=${encodeURIComponent(returnTo)}`, {
    jar,
    env,
  });
  expect(started.status).toBe(302);
  const authorizeUrl = new URL(started.headers.get('Location') ?? '');
  const done = await finishLogin(h, jar, await consent(h, authorizeUrl));
  expect(done.status).toBe(302);
  return done.headers.get('Location') ?? '';
}

/** What every landing must satisfy, whatever was asked for. */
function expectLocal(location: string): void {
  expect(location.startsWith('/')).toBe(true);
  expect(location.startsWith('//')).toBe(false);
  // Browsers strip tabs and newlines and read `\` as `/`: none may survive into the header.
  expect(location).not.toMatch(/[\\\s\p{Cc}]|%2f|%5c|%0[0-9a-f]|%1[0-9a-f]/iu);
  for (const base of ['https://pail.invalid', 'http://localhost:5173']) {
    expect(new URL(location, base).origin).toBe(new URL(base).origin);
  }
}

const EVIL = 'evil.test';

/**
 * Each value a hostile link could put in `returnTo`, and where the user must land. Everything unsafe lands
 * on `/`: sign-in still succeeds, it just does not follow the link.
 */
const VECTORS: Array<[string, string]> = [
  // Protocol-relative and backslash forms.
  [`//${EVIL}`, '/'],
  [`///${EVIL}`, '/'],
  [`////${EVIL}`, '/'],
  [`/\\${EVIL}`, '/'],
  [`\\\\${EVIL}`, '/'],
  [`\\/${EVIL}`, '/'],
  [`/\\/${EVIL}`, '/'],
  [`/\\\\${EVIL}`, '/'],
  [`\\/\\/${EVIL}`, '/'],
  [`/./\\${EVIL}`, '/'],
  // Absolute URLs and schemes.
  [`https://${EVIL}`, '/'],
  [`http://${EVIL}/`, '/'],
  [`HTTPS://${EVIL}`, '/'],
  [`https:${EVIL}`, '/'],
  [`https:/${EVIL}`, '/'],
  [`http:\\\\${EVIL}`, '/'],
  [`ftp://${EVIL}`, '/'],
  ['javascript:alert(1)', '/'],
  ['JaVaScRiPt:alert(1)', '/'],
  ['data:text/html,<script>alert(1)</script>', '/'],
  ['vbscript:msgbox(1)', '/'],
  // Userinfo: the host is whatever follows the `@`.
  [`https://pail.example.com@${EVIL}`, '/'],
  [`//user:pass@${EVIL}`, '/'],
  [`//${EVIL}\\@pail.example.com`, '/'],
  [`//${EVIL}@pail.example.com`, '/'],
  // Percent-encoded slashes and backslashes, once and twice.
  [`/%2F%2F${EVIL}`, '/'],
  [`/%2f%2f${EVIL}`, '/'],
  [`%2F%2F${EVIL}`, '/'],
  [`/%5C${EVIL}`, '/'],
  [`/%5c${EVIL}`, '/'],
  [`/%5C%5C${EVIL}`, '/'],
  [`/%252F%252F${EVIL}`, '/'],
  [`/%25%32%66${EVIL}`, '/'],
  [`//%65vil.test`, '/'],
  // Dot segments that resolve into `//host`.
  [`/.//${EVIL}`, '/'],
  [`/x/..//${EVIL}`, '/'],
  [`/%2e//${EVIL}`, '/'],
  [`/.%2E//${EVIL}/path`, '/'],
  [`/%2e%2e//${EVIL}`, '/'],
  [`/a/b/../..//${EVIL}`, '/'],
  // Tabs, newlines and other controls, raw and encoded (browsers strip tabs and newlines from URLs).
  [`/\t/${EVIL}`, '/'],
  [`/\n/${EVIL}`, '/'],
  [`/\r/${EVIL}`, '/'],
  [`\t//${EVIL}`, '/'],
  [` //${EVIL}`, '/'],
  [`/ /${EVIL}`, '/'],
  [`/\0/${EVIL}`, '/'],
  [`/%09/${EVIL}`, '/'],
  [`/%0a/${EVIL}`, '/'],
  [`/%00/${EVIL}`, '/'],
  [`/\r\nLocation: https://${EVIL}`, '/'],
  ['/%0d%0aSet-Cookie:%20x=1', '/'],
  // Unicode look-alikes of `/`, `\`, `.` and invisible characters.
  [`／／${EVIL}`, '/'],
  [`/／${EVIL}`, '/'],
  [`∕∕${EVIL}`, '/'],
  [`/⁄${EVIL}`, '/'],
  [`/＼${EVIL}`, '/'],
  [`//evil。test`, '/'],
  [`/\u00a0/${EVIL}`, '/'],
  [`/\u2028/${EVIL}`, '/'],
  [`/\u200b/${EVIL}`, '/'],
  [`/\u202e/${EVIL}`, '/'],
  // Not paths at all.
  [EVIL, '/'],
  [`.${EVIL}`, '/'],
  ['', '/'],
  ['%2F', '/'],
  [`?next=//${EVIL}`, '/'],
  [`#//${EVIL}`, '/'],
  [`/${'x'.repeat(2100)}`, '/'],
  // An encoded slash is refused even where it would be harmless: the check stays simple and strict.
  ['/acme/widgets/branches?q=feature%2Fdark', '/'],
  // Local paths arrive as asked, normalised.
  ['/', '/'],
  ['/acme/widgets', '/acme/widgets'],
  ['/acme/widgets?tab=readme', '/acme/widgets?tab=readme'],
  ['/acme/widgets/src/main/README.md#lines-3:8', '/acme/widgets/src/main/README.md#lines-3:8'],
  ['/acme/widgets/src/main/a%20b.md', '/acme/widgets/src/main/a%20b.md'],
  [`/@${EVIL}`, `/@${EVIL}`],
  ['/a/../acme', '/acme'],
  [`/acme/${EVIL}`, `/acme/${EVIL}`],
];

describe('returnTo never becomes an open redirect', () => {
  let h: Harness;
  let client = 0;
  beforeAll(() => {
    h = createHarness();
  });

  it(`has at least 60 hostile vectors`, () => {
    expect(VECTORS.filter(([, expected]) => expected === '/').length).toBeGreaterThanOrEqual(60);
  });

  it.each(VECTORS)('after sign-in, %j lands on %j', async (returnTo, expected) => {
    client += 1;
    const location = await landing(h, returnTo, client);
    expect(location).toBe(expected);
    expectLocal(location);
  });

  it('takes the destination from the transaction, never from the callback query', async () => {
    const jar = new CookieJar();
    const started = await h.request('/bff/login?returnTo=%2Facme', {
      jar,
      env: { incoming: { socket: { remoteAddress: '10.255.0.1' } } },
    });
    const callbackUrl = await consent(h, new URL(started.headers.get('Location') ?? ''));
    for (const name of ['returnTo', 'return_to', 'redirect', 'next']) {
      callbackUrl.searchParams.set(name, `https://${EVIL}`);
    }
    const done = await finishLogin(h, jar, callbackUrl);
    expect(done.headers.get('Location')).toBe('/acme');
  });

  // Forty whole sign-ins can take more than the default five seconds on a loaded machine.
  it('sends every sign-in back to a local path (property, through the BFF)', async () => {
    const hostile = fc.stringMatching(/^[/\\%2FfC5e.@:?#\t\n\r a-z\u3002\uff0f\u2215]{0,16}$/);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.webUrl(), fc.string()), async (returnTo) => {
        client += 1;
        expectLocal(await landing(h, returnTo, client));
      }),
      { numRuns: 40, seed: 20261001 },
    );
  }, 30_000);

  it('accepts a value only if it is a local path, and keeps it on this origin (property)', () => {
    const pieces = fc.constantFrom(
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2f',
      '%2F',
      '%5c',
      '%2e',
      '%25',
      '%0a',
      '\t',
      '\n',
      '@',
      ':',
      '?',
      '#',
      'evil.test',
      'acme',
      'https:',
      'javascript:',
      '\u3002',
      '\uff0f',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')),
        (value) => {
          const parsed = parseReturnTo(value);
          if (parsed !== undefined) expectLocal(parsed);
        },
      ),
      { numRuns: 2000, seed: 20261001 },
    );
  });
});
