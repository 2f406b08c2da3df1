// Test-only HTTP controls under /_emulator/* (reset, request log, token expiry, grant revocation).
import { Hono } from 'hono';
import type { EmulatorControls } from './emulator-controls';

export function controlRoutes(
  controls: EmulatorControls,
  isKnownUser: (nickname: string) => boolean,
): Hono {
  const app = new Hono();
  app.post('/_emulator/reset', (c) => {
    controls.reset();
    return c.body(null, 204);
  });
  app.get('/_emulator/requests', (c) => c.json(controls.requests()));
  app.delete('/_emulator/requests', (c) => {
    controls.clearRequests();
    return c.body(null, 204);
  });
  app.post('/_emulator/expire-tokens', (c) => {
    controls.expireAccessTokens();
    return c.body(null, 204);
  });
  app.post('/_emulator/revoke', (c) => {
    const user = c.req.query('user');
    if (user !== undefined && !isKnownUser(user)) {
      return c.json({ error: `No seeded user "${user}".` }, 400);
    }
    controls.revokeGrants(user);
    return c.body(null, 204);
  });
  return app;
}
