// Test-only HTTP controls under /_emulator/* (reset, request log, token expiry, grant revocation, API
// tokens, app password mode, faults).
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppPasswordMode } from '../auth/basic-credentials';
import type { EmulatorContext } from '../emulator-context';
import { FaultSettingsError } from '../faults/fault-settings';
import type { FaultSettings } from '../faults/fault-settings';
import type { ApiTokenRequest, EmulatorControls } from './emulator-controls';

async function jsonObject(c: Context): Promise<Record<string, unknown> | undefined> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return undefined;
  }
  try {
    const body: unknown = await c.req.json();
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function apiTokenRequest(body: Record<string, unknown>): ApiTokenRequest | string {
  const { user, scopes, workspace, expires_at: expiresAt } = body;
  if (typeof user !== 'string') return '"user" (a seeded nickname) is required.';
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
    return '"scopes" must be an array of granular scopes (it may be empty).';
  }
  if (workspace !== undefined && typeof workspace !== 'string')
    return '"workspace" must be a string.';
  if (expiresAt !== undefined && typeof expiresAt !== 'string') {
    return '"expires_at" must be an ISO-8601 date-time.';
  }
  return { user, scopes: scopes as string[], workspace, expiresAt };
}

export function controlRoutes(controls: EmulatorControls, ctx: EmulatorContext): Hono {
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
    if (user !== undefined && !ctx.directory.userByNickname(user)) {
      return c.json({ error: `No seeded user "${user}".` }, 400);
    }
    controls.revokeGrants(user);
    return c.body(null, 204);
  });

  /** Body `{"user","scopes":[…],"workspace"?,"expires_at"?}` → 201 with the token and its Basic user name. */
  app.post('/_emulator/api-tokens', async (c) => {
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'Send a JSON object.' }, 400);
    const request = apiTokenRequest(body);
    if (typeof request === 'string') return c.json({ error: request }, 400);
    try {
      const created = controls.createApiToken(request);
      c.header('Cache-Control', 'no-store');
      return c.json(
        {
          id: created.id,
          user: created.nickname,
          email: created.email,
          token: created.token,
          scopes: created.scopes,
          workspace: created.workspace ?? null,
          expires_at: created.expiresAt,
        },
        201,
      );
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });

  app.delete('/_emulator/api-tokens/:id', (c) =>
    controls.revokeApiToken(c.req.param('id'))
      ? c.body(null, 204)
      : c.json({ error: 'No such API token.' }, 404),
  );

  /** Body `{"mode":"removed"|"accepted"}`. */
  app.put('/_emulator/app-passwords', async (c) => {
    const mode = (await jsonObject(c))?.mode;
    if (mode !== 'removed' && mode !== 'accepted') {
      return c.json({ error: 'Send {"mode":"removed"} or {"mode":"accepted"}.' }, 400);
    }
    controls.setAppPasswords(mode as AppPasswordMode);
    return c.body(null, 204);
  });
  app.get('/_emulator/app-passwords', (c) => c.json({ mode: ctx.appPasswords }));

  app.get('/_emulator/faults', (c) => c.json(controls.faults()));
  /** Body: the fault settings as JSON (any content type, so `curl -d` works); replaces all of them. */
  app.put('/_emulator/faults', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json(
        { error: 'The body is not valid JSON: send the fault settings as a JSON object.' },
        400,
      );
    }
    try {
      // setFaults checks every field itself.
      return c.json(controls.setFaults(body as FaultSettings));
    } catch (error) {
      if (error instanceof FaultSettingsError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });
  app.delete('/_emulator/faults', (c) => {
    controls.clearFaults();
    return c.body(null, 204);
  });
  return app;
}
