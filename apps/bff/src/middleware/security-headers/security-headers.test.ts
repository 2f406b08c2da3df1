import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BFF_CONTENT_SECURITY_POLICY, HSTS_VALUE, securityHeaders } from './security-headers';

function setup(hsts: boolean) {
  const app = new Hono();
  app.use('*', securityHeaders({ hsts }));
  app.get('/bff/session', (c) => c.json({ ok: true }));
  app.get('/api/2.0/user', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({});
  });
  app.get('/elsewhere', (c) => c.text('page'));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.onError((_, c) => c.json({ error: 'x' }, 500));
  return app;
}

describe('securityHeaders', () => {
  it('hardens BFF JSON answers', async () => {
    const response = await setup(false).request('/bff/session');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('Content-Security-Policy')).toBe(BFF_CONTENT_SECURITY_POLICY);
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      expect(response.headers.get('Content-Security-Policy')).toContain(directive);
    }
    expect(response.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('sends HSTS on every answer, errors and 404s included, when the public URL is https', async () => {
    const app = setup(true);
    for (const path of ['/bff/session', '/nowhere', '/boom', '/elsewhere']) {
      expect((await app.request(path)).headers.get('Strict-Transport-Security')).toBe(HSTS_VALUE);
    }
  });

  it('strips any CORS header', async () => {
    const response = await setup(false).request('/api/2.0/user', {
      headers: { Origin: 'https://evil.test' },
    });
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('leaves caching of non-BFF, non-JSON answers to their owner', async () => {
    const response = await setup(false).request('/elsewhere');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Cache-Control')).toBeNull();
  });
});
