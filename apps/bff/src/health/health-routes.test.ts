import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../session/memory-store';
import { appOverStore } from '../testing/app-over-store';
import type { SessionStore } from '../session/session-store';

describe('health routes', () => {
  it('GET /healthz answers ok', async () => {
    const { app } = appOverStore(createMemoryStore());
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('GET /readyz checks the session store', async () => {
    const { app } = appOverStore(createMemoryStore());
    const response = await app.request('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { store: 'ok' } });
  });

  it('GET /readyz answers 503 JSON when the store is down, revealing nothing', async () => {
    const broken: SessionStore = {
      ...createMemoryStore(),
      ping: async () => {
        throw new Error('ECONNREFUSED redis://:password@cache');
      },
    };
    const { app, logger } = appOverStore(broken);
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'store_unavailable' } });
    expect(text).not.toContain('password');
    expect(JSON.stringify(logger.entries)).not.toContain('password');
  });
});
