import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@pail/shared';
import type { BffEnv } from '../../context';
import { createKeyRing } from '../../crypto/seal';
import { BffError, errorBody } from '../../errors';
import { createMemoryStore } from '../../session/memory-store';
import { createSessionManager } from '../../session/sessions';
import { testKeyBytes } from '../../testing/keys';
import { findSetCookie } from '../../testing/set-cookie';
import { requireSession } from './require-session';

async function setup() {
  let now = Date.UTC(2026, 9, 1);
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const sessions = createSessionManager({
    store: createMemoryStore({ now: clock.now }),
    keyRing: createKeyRing([testKeyBytes(1)]),
    now: clock.now,
    idleSeconds: 3600,
    absoluteSeconds: 86_400,
  });
  const { id } = await sessions.create({
    user: { uuid: '{u}', displayName: 'Alice' },
    authMethod: 'oauth',
    scopes: [],
    accessToken: 'token',
    accessTokenExpiresAt: now + 7_200_000,
  });
  const app = new Hono<BffEnv>();
  app.get('/polled', requireSession({ sessions, allowSlideOptOut: true }), (c) =>
    c.json({ lastSeenAt: c.get('session').record.lastSeenAt }),
  );
  app.get('/plain', requireSession({ sessions }), (c) =>
    c.json({ lastSeenAt: c.get('session').record.lastSeenAt }),
  );
  app.onError((error, c) =>
    error instanceof BffError ? c.json(errorBody(error.code), error.status) : c.text('boom', 500),
  );
  const cookie = (value: string) => ({ headers: { Cookie: `${SESSION_COOKIE}=${value}` } });
  return { app, id, clock, cookie };
}

describe('requireSession', () => {
  it('answers 401 without a cookie, and clears a cookie that names no session', async () => {
    const { app, cookie } = await setup();
    const none = await app.request('/plain');
    expect(none.status).toBe(401);
    expect(findSetCookie(none, SESSION_COOKIE)).toBeUndefined();
    const junk = await app.request('/plain', cookie('junk'));
    expect(junk.status).toBe(401);
    expect(findSetCookie(junk, SESSION_COOKIE)?.attributes['max-age']).toBe('0');
  });

  it('hands the session to the handler and records activity', async () => {
    const { app, id, clock, cookie } = await setup();
    const created = clock.now();
    clock.advance(120_000);
    const response = await app.request('/plain', cookie(id));
    expect(await response.json()).toEqual({ lastSeenAt: created + 120_000 });
  });

  it('reads without sliding when asked to (?slide=false) on routes that allow it', async () => {
    const { app, id, clock, cookie } = await setup();
    const created = clock.now();
    clock.advance(120_000);
    expect(await (await app.request('/polled?slide=false', cookie(id))).json()).toEqual({
      lastSeenAt: created,
    });
    expect(await (await app.request('/plain?slide=false', cookie(id))).json()).toEqual({
      lastSeenAt: created + 120_000,
    });
  });
});
