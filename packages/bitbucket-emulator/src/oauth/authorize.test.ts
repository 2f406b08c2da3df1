import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { DEV_CONSUMER, NO_CALLBACK_CONSUMER } from '../seed/consumers';
import { VERIFIER, authorizeParams, s256, submitConsent } from '../testing/oauth-client';

const CALLBACK = 'http://localhost:5173/bff/callback';

function authorizeUrl(params: Record<string, string>): string {
  return `/site/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

describe('GET /site/oauth2/authorize (consent page)', () => {
  const emulator = createEmulator();

  it('shows who is asking, what for, and one radio per seeded user, the first checked', async () => {
    const response = await emulator.app.request(authorizeUrl(authorizeParams()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>Authorize Pail | Bitbucket</title>');
    expect(html).toContain('Read your account information');
    expect(html).toContain('Read your email addresses');
    expect(html).toContain('Read your repositories and their pull requests');
    const radios = [
      ...html.matchAll(/<input\s+type="radio"\s+name="account"\s+id="account-(\w+)"[^>]*>/g),
    ];
    expect(radios.map((m) => m[1])).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(radios[0]?.[0]).toContain('checked');
    expect(radios[1]?.[0]).not.toContain('checked');
    expect(html).toContain('<label for="account-alice">Alice Marchetti</label>');
    expect(html).toMatch(
      /<button type="submit" name="decision" value="grant"[^>]*>Grant access<\/button>/,
    );
    expect(html).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
    expect(html).toContain('<form method="post" action="/site/oauth2/authorize">');
    expect(html).toContain('<input type="hidden" name="state" value="state-123" />');
    expect(html).toContain('<input type="hidden" name="client_id" value="pail-dev" />');
  });

  it('sends a strict CSP whose style nonce matches the page, and forbids framing and caching', async () => {
    const response = await emulator.app.request(authorizeUrl(authorizeParams()));
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://localhost:5173");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await response.text();
    expect(html).toContain(`<style nonce="${nonce}">`);
    // <style> is raw text: escaped quotes there would silently break the CSS.
    expect(/<style[^>]*>([\s\S]*?)<\/style>/.exec(html)?.[1]).not.toContain('&quot;');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('escapes parameters it echoes into the page', async () => {
    const response = await emulator.app.request(
      authorizeUrl(authorizeParams({ state: '"><script>alert(1)</script>' })),
    );
    const html = await response.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it.each([
    ['no client_id', { response_type: 'code' }, 'invalid_request'],
    ['an unknown client_id', { client_id: 'nobody', response_type: 'code' }, 'invalid_client'],
  ])('shows an error page, without redirecting, for %s', async (_, params, error) => {
    const response = await emulator.app.request(authorizeUrl(params));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('Invalid client_id');
    expect(html).toContain(error);
  });

  it('refuses a consumer without a callback URL with "No callback uri defined for the OAuth client."', async () => {
    const response = await emulator.app.request(
      authorizeUrl({ client_id: NO_CALLBACK_CONSUMER.key, response_type: 'code' }),
      { headers: { accept: 'application/json' } },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'No callback uri defined for the OAuth client.',
    });
    const page = await emulator.app.request(
      authorizeUrl({ client_id: NO_CALLBACK_CONSUMER.key, response_type: 'code' }),
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('No callback uri defined for the OAuth client.');
  });

  it.each([
    'https://evil.example/bff/callback',
    'http://localhost:5173/bff/callbac',
    'http://localhost:5173/',
    'javascript:alert(1)//http://localhost:5173/bff/callback',
  ])('never redirects to a redirect_uri that does not start with the callback: %s', async (uri) => {
    const response = await emulator.app.request(
      authorizeUrl(authorizeParams({ redirectUri: uri })),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Invalid redirect_uri');
  });

  it('accepts a redirect_uri that extends the registered callback (prefix match)', async () => {
    const uri = `${CALLBACK}?from=test`;
    const response = await emulator.app.request(
      authorizeUrl(authorizeParams({ redirectUri: uri })),
    );
    expect(response.status).toBe(200);
  });

  it('answers response_type=token (implicit grant, gone) with an unsupported_response_type redirect', async () => {
    const response = await emulator.app.request(
      authorizeUrl({ ...authorizeParams(), response_type: 'token' }),
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('answers a missing response_type with an invalid_request redirect', async () => {
    const response = await emulator.app.request(
      authorizeUrl({ client_id: DEV_CONSUMER.key, state: 's' }),
    );
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it.each([
    ['plain', { code_challenge: VERIFIER, code_challenge_method: 'plain' }],
    ['no method (plain by default)', { code_challenge: s256(VERIFIER) }],
    ['a malformed challenge', { code_challenge: 'short', code_challenge_method: 'S256' }],
    ['a method without a challenge', { code_challenge_method: 'S256' }],
  ])('refuses PKCE with %s', async (_, extra) => {
    const response = await emulator.app.request(authorizeUrl({ ...authorizeParams(), ...extra }));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });
});

describe('POST /site/oauth2/authorize (the user decides)', () => {
  const emulator = createEmulator();

  it('grants: redirects to the registered callback with a code and the state', async () => {
    const response = await submitConsent(emulator, { state: 'abc' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(location.searchParams.get('state')).toBe('abc');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('grants to the redirect_uri that was sent, keeping its own query', async () => {
    const response = await submitConsent(emulator, { redirectUri: `${CALLBACK}?x=1` });
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('denies: redirects with error=access_denied, a description and the state', async () => {
    const response = await submitConsent(emulator, { decision: 'deny', state: 'st' });
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('st');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('re-validates the hidden parameters instead of trusting them', async () => {
    const response = await submitConsent(emulator, { redirectUri: 'https://evil.example/' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses an unknown account', async () => {
    const response = await submitConsent(emulator, { nickname: 'mallory' });
    expect(response.status).toBe(400);
  });

  it('refuses a form posted from another site', async () => {
    const response = await emulator.app.request('/site/oauth2/authorize', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: new URLSearchParams({ ...authorizeParams(), account: 'alice', decision: 'grant' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses a cross-site form even when the browser hides its origin', async () => {
    const response = await emulator.app.request('/site/oauth2/authorize', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'null',
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams({ ...authorizeParams(), account: 'alice', decision: 'grant' }),
    });
    expect(response.status).toBe(403);
  });

  it('accepts its own form as Chromium posts it under no-referrer (Origin: null, same-origin)', async () => {
    const response = await emulator.app.request('/site/oauth2/authorize', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'null',
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ ...authorizeParams(), account: 'alice', decision: 'grant' }),
    });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });
});
