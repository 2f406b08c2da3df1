import { describe, expect, it } from 'vitest';
import { createKeyRing, sealedKeyId } from '../crypto/seal';
import { testKeyBytes } from '../testing/keys';
import { createMemoryStore } from './memory-store';
import { createSessionManager, MAX_SESSIONS_PER_USER, type NewSession } from './sessions';

const ACCESS = 'AT-SENTINEL-'.padEnd(2600, 'a');
const REFRESH = 'RT-SENTINEL-'.padEnd(400, 'r');
const DATA: NewSession = {
  user: {
    uuid: '{0b5c6a4e-0000-4000-8000-000000000001}',
    displayName: 'Alice Marchetti',
    nickname: 'alice',
  },
  authMethod: 'oauth',
  scopes: ['account', 'repository'],
  accessToken: ACCESS,
  refreshToken: REFRESH,
  accessTokenExpiresAt: 0,
};

function setup(
  options: { keys?: Uint8Array[]; idleSeconds?: number; absoluteSeconds?: number } = {},
) {
  let now = Date.UTC(2026, 9, 1);
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const store = createMemoryStore({ now: clock.now });
  const make = (keys: Uint8Array[]) =>
    createSessionManager({
      store,
      keyRing: createKeyRing(keys),
      now: clock.now,
      idleSeconds: options.idleSeconds ?? 3600,
      absoluteSeconds: options.absoluteSeconds ?? 86_400,
    });
  return { clock, store, sessions: make(options.keys ?? [testKeyBytes(1)]), make };
}

describe('createSessionManager', () => {
  it('keys the store on a hash of the id and keeps neither the id nor a token in clear', async () => {
    const { store, sessions } = setup();
    const { id, session } = await sessions.create({ ...DATA, accessTokenExpiresAt: 1 });
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(session.storeKey).not.toContain(id);
    const dump = JSON.stringify(store.entries());
    expect(dump).not.toContain(id);
    expect(dump).not.toContain('SENTINEL');
    expect((await sessions.load(id))?.record.accessToken).toBe(ACCESS);
  });

  it('returns nothing for junk or unknown ids without touching the store', async () => {
    const { sessions } = setup();
    expect(await sessions.load(undefined)).toBeUndefined();
    expect(await sessions.load('not-an-id')).toBeUndefined();
    expect(await sessions.load('A'.repeat(43))).toBeUndefined();
  });

  it('deletes a record whose ciphertext was tampered with', async () => {
    const { store, sessions } = setup();
    const { id, session } = await sessions.create(DATA);
    const sealed = (await store.get(session.storeKey)) ?? '';
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    await store.set(session.storeKey, `${sealed.slice(0, -2)}${last}${sealed.slice(-1)}`, 60);
    expect(await sessions.load(id)).toBeUndefined();
    expect(await store.get(session.storeKey)).toBeUndefined();
  });

  it('rejects two sessions whose ciphertexts were swapped', async () => {
    const { store, sessions } = setup();
    const a = await sessions.create(DATA);
    const b = await sessions.create({ ...DATA, accessToken: 'other' });
    const sealedA = (await store.get(a.session.storeKey)) ?? '';
    const sealedB = (await store.get(b.session.storeKey)) ?? '';
    await store.set(a.session.storeKey, sealedB, 60);
    await store.set(b.session.storeKey, sealedA, 60);
    expect(await sessions.load(a.id)).toBeUndefined();
    expect(await sessions.load(b.id)).toBeUndefined();
  });

  it('still refuses a tampered or swapped record after the genuine one was opened', async () => {
    const { store, sessions } = setup();
    const a = await sessions.create(DATA);
    const b = await sessions.create({ ...DATA, accessToken: 'other' });
    expect((await sessions.load(a.id))?.record.accessToken).toBe(ACCESS);
    expect((await sessions.load(b.id))?.record.accessToken).toBe('other');
    const sealedB = (await store.get(b.session.storeKey)) ?? '';
    await store.set(a.session.storeKey, sealedB, 60);
    expect(await sessions.load(a.id)).toBeUndefined();
    expect(await store.get(a.session.storeKey)).toBeUndefined();
    const last = sealedB.at(-2) === 'A' ? 'B' : 'A';
    await store.set(b.session.storeKey, `${sealedB.slice(0, -2)}${last}${sealedB.slice(-1)}`, 60);
    expect(await sessions.load(b.id)).toBeUndefined();
    expect(await store.get(b.session.storeKey)).toBeUndefined();
  });

  it('reads what another instance wrote, and ends an idle session it had opened before', async () => {
    const { clock, sessions, make } = setup({ idleSeconds: 600 });
    const other = make([testKeyBytes(1)]);
    const { id, session } = await sessions.create(DATA);
    expect((await sessions.load(id))?.record.accessToken).toBe(ACCESS);
    await other.update(session.storeKey, (current) => ({
      ...current.record,
      accessToken: 'AT-rotated-elsewhere',
    }));
    expect((await sessions.load(id))?.record.accessToken).toBe('AT-rotated-elsewhere');
    clock.advance(600_001);
    expect(await sessions.load(id)).toBeUndefined();
  });

  it('hands out records no request can change for the next one', async () => {
    const { sessions } = setup();
    const { id } = await sessions.create(DATA);
    const first = await sessions.load(id);
    expect(() => {
      (first!.record as { accessToken: string }).accessToken = 'changed';
    }).toThrow(TypeError);
    expect(() => (first!.record.scopes as string[]).push('admin')).toThrow(TypeError);
    expect((await sessions.load(id))?.record).toMatchObject({
      accessToken: ACCESS,
      scopes: ['account', 'repository'],
    });
  });

  it('ends an idle session, and slides on activity', async () => {
    const { clock, sessions } = setup({ idleSeconds: 600 });
    const { id } = await sessions.create(DATA);
    clock.advance(500_000);
    const active = await sessions.load(id);
    expect(active).toBeDefined();
    await sessions.touch(active!);
    clock.advance(500_000);
    expect(await sessions.load(id)).toBeDefined();
    clock.advance(600_001);
    expect(await sessions.load(id)).toBeUndefined();
  });

  it('ends a session at its absolute limit despite activity', async () => {
    const { clock, sessions } = setup({ idleSeconds: 600, absoluteSeconds: 1800 });
    const { id } = await sessions.create(DATA);
    for (let i = 0; i < 3; i += 1) {
      clock.advance(500_000);
      const active = await sessions.load(id);
      expect(active).toBeDefined();
      await sessions.touch(active!);
    }
    clock.advance(400_000);
    expect(await sessions.load(id)).toBeUndefined();
  });

  it('keeps sessions readable after a new key is put in front, and writes with the new key', async () => {
    const { store, sessions, make } = setup();
    const { id, session } = await sessions.create(DATA);
    const rotated = make([testKeyBytes(2), testKeyBytes(1)]);
    const loaded = await rotated.load(id);
    expect(loaded?.record.user.nickname).toBe('alice');
    await rotated.update(session.storeKey, (current) => ({
      ...current.record,
      scopes: ['account'],
    }));
    const newKid = (await createKeyRingId([testKeyBytes(2)])) as string;
    expect((await store.get(session.storeKey))?.split('.')[1]).toBe(newKid);
    expect((await rotated.load(id))?.record.scopes).toEqual(['account']);
  });

  it('treats a session sealed by a dropped key as absent', async () => {
    const { sessions, make, store } = setup();
    const { id, session } = await sessions.create(DATA);
    expect(await make([testKeyBytes(2)]).load(id)).toBeUndefined();
    expect(await store.get(session.storeKey)).toBeUndefined();
  });

  it('serialises updates so a slower writer cannot restore stale tokens', async () => {
    const { sessions } = setup();
    const { id, session } = await sessions.create(DATA);
    const order: string[] = [];
    const slow = sessions.update(session.storeKey, async (current) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('refresh');
      return { ...current.record, accessToken: 'new-token' };
    });
    const touch = sessions.update(session.storeKey, (current) => {
      order.push('touch');
      return { ...current.record, lastSeenAt: current.record.lastSeenAt + 1 };
    });
    await Promise.all([slow, touch]);
    expect(order).toEqual(['refresh', 'touch']);
    expect((await sessions.load(id))?.record.accessToken).toBe('new-token');
  });

  it('does not let an update in flight write back a session destroyed meanwhile', async () => {
    const { sessions, store } = setup();
    const { id, session } = await sessions.create(DATA);
    const refresh = sessions.update(session.storeKey, async (current) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ...current.record, accessToken: 'rotated' };
    });
    await sessions.destroyById(id);
    await refresh;
    expect(await sessions.load(id)).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('re-seals a record under the newest key on its next touch after a rotation', async () => {
    const { store, sessions, make } = setup();
    const { id, session } = await sessions.create(DATA);
    const rotated = make([testKeyBytes(2), testKeyBytes(1)]);
    const loaded = await rotated.load(id);
    expect(loaded?.sealedByOlderKey).toBe(true);
    await rotated.touch(loaded!);
    const newKid = await createKeyRingId([testKeyBytes(2)]);
    expect(sealedKeyId((await store.get(session.storeKey)) ?? '')).toBe(newKid);
    expect((await make([testKeyBytes(2)]).load(id))?.record.accessToken).toBe(ACCESS);
  });

  it('hands back, on destroy, the record as the last update left it', async () => {
    const { sessions } = setup();
    const { id, session } = await sessions.create(DATA);
    const refresh = sessions.update(session.storeKey, async (current) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ...current.record, refreshToken: 'rotated-refresh-token' };
    });
    const destroyed = await sessions.destroyById(id);
    await refresh;
    expect(destroyed?.refreshToken).toBe('rotated-refresh-token');
    expect(await sessions.destroyById(id)).toBeUndefined();
  });

  it("lists a user's live sessions from a per-user index, dropping ended ones", async () => {
    const { clock, store, sessions } = setup({ idleSeconds: 600 });
    const first = await sessions.create(DATA);
    clock.advance(400_000);
    const second = await sessions.create(DATA);
    const other = await sessions.create({ ...DATA, user: { uuid: '{bob}', displayName: 'Bob' } });
    expect((await sessions.listForUser(DATA.user.uuid)).map((s) => s.storeKey)).toEqual([
      first.session.storeKey,
      second.session.storeKey,
    ]);
    expect((await sessions.listForUser('{bob}')).map((s) => s.storeKey)).toEqual([
      other.session.storeKey,
    ]);
    clock.advance(300_000);
    expect((await sessions.listForUser(DATA.user.uuid)).map((s) => s.storeKey)).toEqual([
      second.session.storeKey,
    ]);
    await sessions.destroy(second.session.storeKey);
    expect(await sessions.listForUser(DATA.user.uuid)).toEqual([]);
    // The index is sealed and keyed by a hash: a dump names no user. (Braces never occur in sealed text,
    // where a bare 'bob' could, by chance, in base64url.)
    expect(JSON.stringify(store.entries())).not.toContain(DATA.user.uuid);
    expect(JSON.stringify(store.entries())).not.toContain('{bob}');
  });

  it(`ends the oldest session beyond ${MAX_SESSIONS_PER_USER} for one user`, async () => {
    const { sessions } = setup();
    const ids: string[] = [];
    for (let i = 0; i <= MAX_SESSIONS_PER_USER; i += 1) ids.push((await sessions.create(DATA)).id);
    expect(await sessions.listForUser(DATA.user.uuid)).toHaveLength(MAX_SESSIONS_PER_USER);
    expect(await sessions.load(ids[0])).toBeUndefined();
    expect(await sessions.load(ids[1])).toBeDefined();
  });

  it('names each session by a stable public handle that is neither its id nor its store key', async () => {
    const { sessions } = setup();
    const { id, session } = await sessions.create(DATA);
    const handle = await sessions.publicHandle(session.storeKey);
    expect(handle).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await sessions.publicHandle(session.storeKey)).toBe(handle);
    expect(id).not.toContain(handle);
    expect(session.storeKey).not.toContain(handle);
  });

  it('deletes on destroy', async () => {
    const { sessions, store } = setup();
    const { id } = await sessions.create(DATA);
    await sessions.destroyById(id);
    expect(store.size()).toBe(0);
    expect(await sessions.load(id)).toBeUndefined();
  });
});

async function createKeyRingId(keys: Uint8Array[]): Promise<string> {
  return (await createKeyRing(keys)).currentKeyId;
}
