// `/bff/sessions`: a user's active sessions (each named by a public handle), and signing out one or all of them.
import { Hono, type Context } from 'hono';
import { BFF_ROUTES, type SessionList, type SessionSummary } from '@pail/shared';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { requireSession } from '../middleware/require-session/require-session';
import { clearSessionCookie } from '../session/cookies';
import type { ActiveSession } from '../session/sessions';
import { revokeUpstream } from './revoke-upstream';

/** A handle is 16 bytes, base64url: anything else cannot name a session. */
const HANDLE = /^[A-Za-z0-9_-]{22}$/;

export function createSessionListRoutes(ctx: BffContext): Hono<BffEnv> {
  const { config, sessions, logger } = ctx;
  const routes = new Hono<BffEnv>();
  const route = BFF_ROUTES.sessions.replace(/^\/bff/, '');
  const guard = [
    requireCsrfHeader({ publicOrigin: config.publicUrl, logger }),
    requireSession({ sessions }),
  ] as const;

  /** Only ever the signed-in user's own sessions: the list is read from their index alone. */
  async function ownSessions(c: Context<BffEnv>) {
    const current = c.get('session');
    const list = await sessions.listForUser(current.record.user.uuid);
    return Promise.all(
      list.map(async (session) => ({
        session,
        handle: await sessions.publicHandle(session.storeKey),
        current: session.storeKey === current.storeKey,
      })),
    );
  }

  /** Ends one session here and at Bitbucket; clears this browser's cookie when it was its own. */
  async function end(
    c: Context<BffEnv>,
    entry: { session: ActiveSession; handle: string; current: boolean },
    scope: 'one' | 'all',
  ): Promise<void> {
    const last = await sessions.destroy(entry.session.storeKey);
    if (last !== undefined) await revokeUpstream(ctx, last);
    logger.info('session.revoked', {
      user: entry.session.record.user.uuid,
      session: entry.handle,
      current: entry.current,
      scope,
    });
    if (entry.current) {
      clearSessionCookie(c);
      c.header('Clear-Site-Data', '"cache", "storage"');
    }
  }

  routes.get(route, ...guard, async (c) => {
    const entries = await ownSessions(c);
    const summaries: SessionSummary[] = entries
      .map(({ session, handle, current }) => {
        const { record } = session;
        return {
          id: handle,
          current,
          authMethod: record.authMethod,
          browser: record.browser ?? 'Unknown browser',
          createdAt: new Date(record.createdAt).toISOString(),
          lastUsedAt: new Date(record.lastSeenAt).toISOString(),
          expiresAt: new Date(
            Math.min(
              record.lastSeenAt + config.session.idleSeconds * 1000,
              record.absoluteExpiresAt,
            ),
          ).toISOString(),
        };
      })
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const body: SessionList = { sessions: summaries };
    return c.json(body, 200);
  });

  /** Sign out everywhere, this browser included. */
  routes.delete(route, ...guard, async (c) => {
    const entries = await ownSessions(c);
    for (const entry of entries) await end(c, entry, 'all');
    if (!entries.some((entry) => entry.current)) {
      // Only if the index lost track of this session: it ends as well, whatever the index says.
      const last = await sessions.destroy(c.get('session').storeKey);
      if (last !== undefined) await revokeUpstream(ctx, last);
      clearSessionCookie(c);
      c.header('Clear-Site-Data', '"cache", "storage"');
    }
    return c.body(null, 204);
  });

  routes.delete(`${route}/:id`, ...guard, async (c) => {
    const id = c.req.param('id');
    const entry = HANDLE.test(id)
      ? (await ownSessions(c)).find((candidate) => candidate.handle === id)
      : undefined;
    // Another user's session and no session at all look the same: there is nothing of yours here.
    if (entry === undefined)
      throw new BffError('not_found', { message: 'There is no such session.' });
    await end(c, entry, 'one');
    return c.body(null, 204);
  });

  routes.on(['POST', 'PUT', 'PATCH'], route, () => {
    throw new BffError('method_not_allowed', { headers: { Allow: 'GET, HEAD, DELETE' } });
  });
  routes.on(['GET', 'POST', 'PUT', 'PATCH'], `${route}/:id`, () => {
    throw new BffError('method_not_allowed', { headers: { Allow: 'DELETE' } });
  });

  return routes;
}
