// The behaviour every SessionStore must show, as one suite each store's tests run against their own backend.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyRing } from '../crypto/seal';
import type { SessionStore } from './session-store';
import { createSessionManager, type NewSession, type SessionManager } from './sessions';

/**
 * One backend (a memory map, a SQLite file, a Redis database…) for one test. Everything backend-specific
 * comes in through here, so the suite runs unchanged on any runtime.
 */
export interface StoreContractBackend {
  /** Opens a client of the backend; clients of one backend share its records and its locks. */
  open(): SessionStore | Promise<SessionStore>;
  /**
   * Lets `ms` pass for the store's expiry: moves the store's injected clock, or really waits for a store
   * that keeps its own time (the suite only ever asks for about a second).
   */
  elapse(ms: number): Promise<void>;
  /** Makes the backend unreachable (stops its server, removes its file). Absent when there is none to lose. */
  loseBackend?(): Promise<void>;
  /** Brings a lost backend back, for a store that must recover without being reopened. */
  restoreBackend?(): Promise<void>;
  /** Closes every client and removes what the test left. */
  dispose(): Promise<void>;
}

const USER_A = {
  uuid: '{0b5c6a4e-0000-4000-8000-00000000000a}',
  displayName: 'Alice Marchetti',
  nickname: 'alice',
};
const USER_B = {
  uuid: '{0b5c6a4e-0000-4000-8000-00000000000b}',
  displayName: 'Bob Okafor',
  nickname: 'bob',
};
const IDLE_SECONDS = 600;
const ABSOLUTE_SECONDS = 1_800;

function newSession(user: NewSession['user']): NewSession {
  return {
    user,
    authMethod: 'oauth',
    scopes: ['account'],
    accessToken: `AT-${crypto.randomUUID()}`,
    refreshToken: `RT-${crypto.randomUUID()}`,
    accessTokenExpiresAt: Date.UTC(2026, 9, 2),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Waits until `check` passes or `timeoutMs` is over; for a store that reconnects on its own. */
async function eventually(check: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface StoreContractOptions {
  /** The backend can be made unreachable (`loseBackend`): the suite then checks the store fails fast. */
  backendCanFail: boolean;
}

export function describeSessionStoreContract(
  name: string,
  makeBackend: () => StoreContractBackend | Promise<StoreContractBackend>,
  options: StoreContractOptions,
): void {
  describe(`${name}: the SessionStore contract`, () => {
    let backend: StoreContractBackend;
    beforeEach(async () => {
      backend = await makeBackend();
    });
    afterEach(async () => {
      await backend.dispose();
    });

    it('stores, overwrites, reads and deletes records', async () => {
      const store = await backend.open();
      expect(await store.get('session:missing')).toBeUndefined();
      await store.set('session:a', 'sealed-1', 60);
      expect(await store.get('session:a')).toBe('sealed-1');
      await store.set('session:a', 'sealed-2', 60);
      expect(await store.get('session:a')).toBe('sealed-2');
      await store.delete('session:a');
      await store.delete('session:never-there');
      expect(await store.get('session:a')).toBeUndefined();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('shares records between clients of one backend', async () => {
      const [first, second] = [await backend.open(), await backend.open()];
      await first.set('session:shared', 'sealed', 60);
      expect(await second.get('session:shared')).toBe('sealed');
      await second.delete('session:shared');
      expect(await first.get('session:shared')).toBeUndefined();
    });

    it('forgets a record once its TTL has passed', async () => {
      const store = await backend.open();
      await store.set('login:short', 'sealed', 1);
      await store.set('login:long', 'sealed', 60);
      expect(await store.get('login:short')).toBe('sealed');
      await backend.elapse(1_100);
      expect(await store.get('login:short')).toBeUndefined();
      expect(await store.take('login:short')).toBeUndefined();
      expect(await store.get('login:long')).toBe('sealed');
    });

    it('hands a record to exactly one of many concurrent takers, across clients', async () => {
      const [first, second] = [await backend.open(), await backend.open()];
      await first.set('login:once', 'transaction', 60);
      const taken = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).take('login:once')),
      );
      expect(taken.filter((value) => value !== undefined)).toEqual(['transaction']);
      expect(await first.get('login:once')).toBeUndefined();
    });

    it('runs the holders of one lock one at a time, across clients, without losing an update', async () => {
      const clients = [await backend.open(), await backend.open()];
      await clients[0]?.set('counter', '0', 60);
      let inside = 0;
      let mostInside = 0;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const store = clients[i % 2] as SessionStore;
          return store.withLock('lock-a', 5_000, async () => {
            inside += 1;
            mostInside = Math.max(mostInside, inside);
            const count = Number(await store.get('counter'));
            await store.set('counter', String(count + 1), 60);
            inside -= 1;
          });
        }),
      );
      expect(mostInside).toBe(1);
      expect(await clients[1]?.get('counter')).toBe('20');
    });

    it('lets different lock names proceed independently', async () => {
      const store = await backend.open();
      const other = await backend.open();
      const gate = deferred();
      // The holder of "a" waits for the holder of "b": serialising the two names would never finish.
      const holderA = store.withLock('name-a', 5_000, () => gate.promise);
      const holderB = other.withLock('name-b', 5_000, async () => gate.resolve());
      await expect(Promise.all([holderA, holderB])).resolves.toEqual([undefined, undefined]);
    });

    it('returns the task’s value, passes on its failure and frees the lock either way', async () => {
      const store = await backend.open();
      await expect(store.withLock('name-c', 5_000, async () => 42)).resolves.toBe(42);
      const failure = new Error('task failed');
      await expect(store.withLock('name-c', 5_000, () => Promise.reject(failure))).rejects.toBe(
        failure,
      );
      const other = await backend.open();
      await expect(other.withLock('name-c', 5_000, async () => 'free')).resolves.toBe('free');
    });

    it('lets a holder that never finishes (a crashed one) block the lock only until its TTL', async () => {
      const crashed = await backend.open();
      const waiter = await backend.open();
      const ttlMs = 300;
      const before = Date.now();
      let held = false;
      // Never settles, and never releases: what a process that died inside the lock leaves behind.
      void crashed.withLock('name-d', ttlMs, () => {
        held = true;
        return new Promise<never>(() => undefined);
      });
      await eventually(async () => expect(held).toBe(true), 5_000);
      const startedAt = await waiter.withLock('name-d', ttlMs, async () => Date.now());
      expect(startedAt - before).toBeGreaterThanOrEqual(ttlMs - 10);
    });

    describe('through the SessionManager', () => {
      let time = Date.UTC(2026, 9, 1, 9);
      const clock = { now: () => time, advance: (ms: number) => (time += ms) };
      const keyRing = createKeyRing([crypto.getRandomValues(new Uint8Array(32))]);
      const managerOn = (store: SessionStore): SessionManager =>
        createSessionManager({
          store,
          keyRing,
          now: clock.now,
          idleSeconds: IDLE_SECONDS,
          absoluteSeconds: ABSOLUTE_SECONDS,
        });

      it('creates, reads and touches a session, and another instance sees the same', async () => {
        const [here, there] = [managerOn(await backend.open()), managerOn(await backend.open())];
        const data = newSession(USER_A);
        const { id, session } = await here.create(data);
        const loaded = await there.load(id);
        expect(loaded?.record).toEqual(session.record);
        expect(loaded?.record.accessToken).toBe(data.accessToken);

        clock.advance(61_000);
        await there.touch(loaded ?? session);
        expect((await here.load(id))?.record.lastSeenAt).toBe(clock.now());
      });

      it('ends an idle session from the sealed record, even while the store still keeps it', async () => {
        const store = await backend.open();
        const sessions = managerOn(store);
        const { id, session } = await sessions.create(newSession(USER_A));
        // The store's own TTL has not run: only the sealed record says the session is over.
        clock.advance(IDLE_SECONDS * 1000);
        expect(await store.get(session.storeKey)).toBeDefined();
        expect(await sessions.load(id)).toBeUndefined();
        expect(await store.get(session.storeKey)).toBeUndefined();
      });

      it('ends a session at its absolute limit however active it is', async () => {
        const store = await backend.open();
        const sessions = managerOn(store);
        const { id, session: created } = await sessions.create(newSession(USER_A));
        for (let used = 0; used < ABSOLUTE_SECONDS - IDLE_SECONDS / 2; used += IDLE_SECONDS / 2) {
          clock.advance((IDLE_SECONDS / 2) * 1000);
          const session = await sessions.load(id);
          expect(session).toBeDefined();
          if (session) await sessions.touch(session);
        }
        clock.advance((IDLE_SECONDS / 2) * 1000);
        expect(await store.get(created.storeKey)).toBeDefined();
        expect(await sessions.load(id)).toBeUndefined();
        expect(await store.get(created.storeKey)).toBeUndefined();
      });

      it('deletes one session, and every session of one user, leaving others alone', async () => {
        const [here, there] = [managerOn(await backend.open()), managerOn(await backend.open())];
        const alice = await Promise.all([1, 2, 3].map(() => here.create(newSession(USER_A))));
        const bob = await there.create(newSession(USER_B));
        const ended = await there.destroyById(alice[0]?.id);
        expect(ended?.user.uuid).toBe(USER_A.uuid);
        expect(await here.load(alice[0]?.id)).toBeUndefined();

        const listed = await there.listForUser(USER_A.uuid);
        expect(listed.map((session) => session.storeKey).sort()).toEqual(
          [alice[1]?.session.storeKey, alice[2]?.session.storeKey].sort(),
        );
        // "Sign out everywhere", as DELETE /bff/sessions does it.
        for (const session of listed) await here.destroy(session.storeKey);
        for (const { id } of alice) expect(await there.load(id)).toBeUndefined();
        expect(await here.listForUser(USER_A.uuid)).toEqual([]);
        expect((await here.load(bob.id))?.record.user.uuid).toBe(USER_B.uuid);
      });

      it('loses no write when instances update one session at the same time', async () => {
        const managers = [managerOn(await backend.open()), managerOn(await backend.open())];
        const { id, session } = await managers[0]!.create(newSession(USER_A));
        await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            managers[i % 2]!.update(session.storeKey, async (current) => ({
              ...current.record,
              scopes: [...current.record.scopes, `marker-${i}`],
            })),
          ),
        );
        const scopes = (await managers[1]!.load(id))?.record.scopes ?? [];
        expect(scopes).toHaveLength(17);
        expect(new Set(scopes)).toEqual(
          new Set(['account', ...Array.from({ length: 16 }, (_, i) => `marker-${i}`)]),
        );
      });
    });

    if (options.backendCanFail) {
      it('says on ping that its backend is unreachable', async () => {
        const store = await backend.open();
        await store.set('session:kept', 'sealed', 600);
        await backend.loseBackend?.();
        try {
          await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });
        } finally {
          await backend.restoreBackend?.();
        }
        if (backend.restoreBackend !== undefined) {
          // Back without being reopened, and nothing written before the outage is lost.
          await eventually(() => store.ping(), 10_000);
          expect(await store.get('session:kept')).toBe('sealed');
        }
      });
    }
  });
}
