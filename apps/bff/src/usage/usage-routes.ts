// `GET /bff/usage`: how many Bitbucket calls Pail made for this user over the rolling hour.
import { Hono } from 'hono';
import { BFF_ROUTES } from '@pail/shared';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { requireSession } from '../middleware/require-session/require-session';

export function createUsageRoutes(ctx: BffContext): Hono<BffEnv> {
  const { config, sessions, usage, logger } = ctx;
  const routes = new Hono<BffEnv>();
  const route = BFF_ROUTES.usage.replace(/^\/bff/, '');

  routes.get(
    route,
    requireCsrfHeader({ publicOrigin: config.publicUrl, logger }),
    // Reading the figure is not activity: a polling badge must not keep an idle session alive.
    requireSession({ sessions, allowSlideOptOut: true }),
    async (c) => c.json(await usage.read(c.get('session').record.user.uuid), 200),
  );
  routes.on(['POST', 'PUT', 'PATCH', 'DELETE'], route, () => {
    throw new BffError('method_not_allowed', { headers: { Allow: 'GET, HEAD' } });
  });

  return routes;
}
