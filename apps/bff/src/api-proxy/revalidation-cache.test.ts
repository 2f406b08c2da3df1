import { describe, expect, it } from 'vitest';
import { createKeyRing } from '../crypto/seal';
import { createMemoryStore } from '../session/memory-store';
import { createSessionManager, type ActiveSession } from '../session/sessions';
import { testKeyBytes } from '../testing/keys';
import {
  createRevalidationCache,
  forgetCachedAnswersOnEnd,
  revalidationKey,
  type CachedAnswer,
  type RevalidationLimits,
} from './revalidation-cache';

const LIMITS: RevalidationLimits = {
  maxEntryBytes: 1000,
  maxEntriesPerSession: 3,
  maxTotalBytes: 10_000,
  idleMs: 60_000,
};

function session(
  storeKey: string,
  uuid = '{u}',
  createdAt = 1,
): Pick<ActiveSession, 'storeKey' | 'record'> {
  return {
    storeKey,
    record: {
      v: 1,
      user: { uuid, displayName: 'Someone' },
      authMethod: 'oauth',
      scopes: [],
      accessToken: 'token',
      accessTokenExpiresAt: 0,
      createdAt,
      lastSeenAt: createdAt,
      absoluteExpiresAt: createdAt + 1,
    },
  };
}

function answer(size: number, etag = '"a"'): CachedAnswer {
  return {
    etag,
    headers: [['content-type', 'application/json']],
    body: new Uint8Array(size).fill(7),
  };
}

const key = (path: string) => revalidationKey({ path, search: '' }, 'application/json');

describe('createRevalidationCache', () => {
  it('keeps an answer for its own session only, as a copy', () => {
    const cache = createRevalidationCache(() => 0, LIMITS);
    const kept = answer(10);
    cache.set(session('session:a'), key('/x'), kept);
    kept.body.fill(0);
    expect(cache.get('session:a', key('/x'))?.body).toEqual(new Uint8Array(10).fill(7));
    expect(cache.get('session:b', key('/x'))).toBeUndefined();
    expect(cache.get('session:a', key('/y'))).toBeUndefined();
    expect(
      cache.get('session:a', revalidationKey({ path: '/x', search: '' }, 'text/plain')),
    ).toBeUndefined();
  });

  it('keeps nothing larger than an entry may be', () => {
    const cache = createRevalidationCache(() => 0, LIMITS);
    cache.set(session('session:a'), key('/big'), answer(1001));
    expect(cache.get('session:a', key('/big'))).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0, sessions: 0 });
  });

  it('drops the least recently used beyond the entries a session may keep', () => {
    const cache = createRevalidationCache(() => 0, LIMITS);
    for (const path of ['/1', '/2', '/3']) cache.set(session('session:a'), key(path), answer(10));
    expect(cache.get('session:a', key('/1'))).toBeDefined();
    cache.set(session('session:a'), key('/4'), answer(10));
    expect(cache.get('session:a', key('/2'))).toBeUndefined();
    for (const path of ['/1', '/3', '/4']) expect(cache.get('session:a', key(path))).toBeDefined();
  });

  it('drops the least recently used of any session beyond the total bytes', () => {
    const cache = createRevalidationCache(() => 0, { ...LIMITS, maxTotalBytes: 2500 });
    cache.set(session('session:a'), key('/1'), answer(900));
    cache.set(session('session:b'), key('/1'), answer(900));
    cache.set(session('session:c'), key('/1'), answer(900));
    expect(cache.get('session:a', key('/1'))).toBeUndefined();
    expect(cache.get('session:b', key('/1'))).toBeDefined();
    expect(cache.get('session:c', key('/1'))).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(2500);
  });

  it('drops answers left unused for the idle time', () => {
    let now = 0;
    const cache = createRevalidationCache(() => now, LIMITS);
    cache.set(session('session:a'), key('/1'), answer(10));
    now += 59_000;
    expect(cache.get('session:a', key('/1'))).toBeDefined();
    now += 60_000;
    expect(cache.get('session:a', key('/1'))).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
  });
});

describe('forgetCachedAnswersOnEnd', () => {
  async function setup() {
    const cache = createRevalidationCache(() => Date.UTC(2026, 9, 1), LIMITS);
    const now = () => Date.UTC(2026, 9, 1);
    const sessions = forgetCachedAnswersOnEnd(
      createSessionManager({
        store: createMemoryStore({ now }),
        keyRing: createKeyRing([testKeyBytes(1)]),
        now,
        idleSeconds: 3600,
        absoluteSeconds: 86_400,
      }),
      cache,
    );
    const start = (uuid: string) =>
      sessions.create({
        user: { uuid, displayName: uuid },
        authMethod: 'oauth',
        scopes: [],
        accessToken: 'token',
        accessTokenExpiresAt: now() + 7_200_000,
      });
    return { cache, sessions, start };
  }

  it('drops what a session kept when it is destroyed by store key or by cookie id, and nothing else', async () => {
    const { cache, sessions, start } = await setup();
    const one = await start('{one}');
    const two = await start('{two}');
    const three = await start('{three}');
    for (const { session } of [one, two, three]) cache.set(session, key('/x'), answer(10));
    expect(cache.stats().sessions).toBe(3);

    await sessions.destroy(one.session.storeKey);
    expect(cache.get(one.session.storeKey, key('/x'))).toBeUndefined();
    await sessions.destroyById(two.id);
    expect(cache.get(two.session.storeKey, key('/x'))).toBeUndefined();
    expect(cache.get(three.session.storeKey, key('/x'))).toBeDefined();
    expect(cache.stats()).toMatchObject({ entries: 1, sessions: 1 });
    expect(await sessions.load(three.id)).toBeDefined();
  });
});
