// Liveness and readiness probes for orchestrators; they reveal nothing but "ok" or "not ready".
import { Hono } from 'hono';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';

const READINESS_TIMEOUT_MS = 2_000;

export function createHealthRoutes(ctx: Pick<BffContext, 'store' | 'logger'>): Hono<BffEnv> {
  const health = new Hono<BffEnv>();

  health.get('/healthz', (c) => c.json({ status: 'ok' }, 200));

  health.get('/readyz', async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        ctx.store.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('session store ping timed out')),
            READINESS_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      ctx.logger.error('readiness.failed', {
        check: 'store',
        error: error instanceof Error ? error.name : 'unknown',
      });
      throw new BffError('store_unavailable');
    } finally {
      clearTimeout(timer);
    }
    return c.json({ status: 'ok', checks: { store: 'ok' } }, 200);
  });

  return health;
}
