import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BffError, errorBody } from '../../errors';
import { requireHttps } from './require-https';

function app() {
  const hono = new Hono();
  hono.use('*', requireHttps({ publicOrigin: 'https://pail.example.com' }));
  hono.all('*', (c) => c.text('ok'));
  hono.onError((error, c) =>
    error instanceof BffError ? c.json(errorBody(error.code), error.status) : c.text('boom', 500),
  );
  return hono;
}

describe('requireHttps', () => {
  it('lets https (and requests that do not say) through', async () => {
    for (const headers of [{ 'X-Forwarded-Proto': 'https' }, {}] as Record<string, string>[]) {
      expect((await app().request('/acme?x=1', { headers })).status).toBe(200);
    }
  });

  it('redirects a plain-http navigation to the same path on the public origin, never the Host', async () => {
    const response = await app().request('http://evil.test/acme/widgets?tab=1', {
      headers: { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'evil.test' },
    });
    expect(response.status).toBe(308);
    expect(response.headers.get('Location')).toBe('https://pail.example.com/acme/widgets?tab=1');
  });

  it('refuses a plain-http write', async () => {
    const response = await app().request('/bff/logout', {
      method: 'POST',
      headers: { 'X-Forwarded-Proto': 'http' },
    });
    expect(response.status).toBe(403);
  });

  it('refuses, never redirects, an API call over plain http', async () => {
    for (const [path, headers] of [
      ['/api/2.0/user', {}],
      ['/bff/session', { 'X-CSRF': '1' }],
      ['/acme/widgets', { 'Sec-Fetch-Mode': 'cors' }],
    ] as Array<[string, Record<string, string>]>) {
      const response = await app().request(path, {
        headers: { 'X-Forwarded-Proto': 'http', ...headers },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('Location')).toBeNull();
    }
  });

  it("is not talked out of it by an https the client wrote in front of the proxy's http", async () => {
    const response = await app().request('/bff/logout', {
      method: 'POST',
      headers: { 'X-Forwarded-Proto': 'https, http' },
    });
    expect(response.status).toBe(403);
  });
});
