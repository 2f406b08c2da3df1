import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BffError, errorBody } from '../../errors';
import { createMemoryLogger } from '../../testing/memory-logger';
import { requireCsrfHeader } from './require-csrf-header';

function setup() {
  const logger = createMemoryLogger();
  const app = new Hono();
  app.use('*', requireCsrfHeader({ publicOrigin: 'http://localhost:5173', logger }));
  app.all('*', (c) => c.text('reached'));
  app.onError((error, c) =>
    error instanceof BffError ? c.json(errorBody(error.code), error.status) : c.text('boom', 500),
  );
  return { app, logger };
}

describe('requireCsrfHeader', () => {
  it.each(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])(
    'refuses %s without X-CSRF: 1 before the handler runs',
    async (method) => {
      const { app, logger } = setup();
      const response = await app.request('/x', { method });
      expect(response.status).toBe(403);
      if (method !== 'HEAD') {
        expect(await response.json()).toEqual({
          error: { code: 'csrf_required', message: expect.any(String) },
        });
      }
      expect(logger.events()).toEqual(['csrf.rejected']);
    },
  );

  it.each(['0', 'true', '', '1, 1'])('refuses X-CSRF: %j', async (value) => {
    const { app } = setup();
    expect((await app.request('/x', { headers: { 'X-CSRF': value } })).status).toBe(403);
  });

  it('lets a same-origin request with the header through', async () => {
    const { app } = setup();
    const response = await app.request('/x', {
      method: 'POST',
      headers: { 'X-CSRF': '1', 'Sec-Fetch-Site': 'same-origin', Origin: 'http://localhost:5173' },
    });
    expect(await response.text()).toBe('reached');
  });

  it.each([
    [{ 'Sec-Fetch-Site': 'cross-site' }],
    [{ 'Sec-Fetch-Site': 'same-site' }],
    [{ Origin: 'https://evil.test' }],
    [{ Origin: 'http://localhost:5174' }],
    [{ Origin: 'null' }],
  ])('refuses a cross-site request even with the header: %j', async (headers) => {
    const { app, logger } = setup();
    const response = await app.request('/x', { headers: { 'X-CSRF': '1', ...headers } });
    expect(response.status).toBe(403);
    expect(logger.entries[0]?.props.reason).toMatch(/cross_site|foreign_origin/);
  });
});
