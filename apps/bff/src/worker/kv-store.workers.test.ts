import { env } from 'cloudflare:workers';
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { describeSessionStoreContract } from '../session/session-store.contract';
import { createKvStore } from './kv-store';
import type { WorkerEnv } from './worker-app';

const bindings = env as unknown as WorkerEnv;
const open = () => createKvStore({ kv: bindings.SESSIONS, objects: bindings.SESSION_LOCKS });
const objectFor = (key: string) =>
  bindings.SESSION_LOCKS.get(bindings.SESSION_LOCKS.idFromName(key));

/** Plays another location's KV cache: a value the edge still serves after the store moved on. */
async function serveStaleCopy(key: string, value: string): Promise<void> {
  await bindings.SESSIONS.put(key, value, { expirationTtl: 600 });
}

describeSessionStoreContract(
  'KV + Durable Objects',
  () => ({
    open,
    // KV and the objects keep real time: the suite only ever asks for about a second.
    elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async dispose() {
      // Each test writes its own keys; the runner gives every test file fresh storage.
    },
  }),
  { backendCanFail: false },
);

describe('the Workers session store beyond the contract', () => {
  it('hands a login transaction out once even while a lagging KV location still serves it', async () => {
    const store = open();
    await store.set('login:replayed', 'transaction', 900);
    expect(await store.take('login:replayed')).toBe('transaction');
    await serveStaleCopy('login:replayed', 'transaction');

    expect(await store.get('login:replayed')).toBe('transaction');
    expect(await open().take('login:replayed')).toBeUndefined();
  });

  it('reads the latest write under the lock of its key, whatever KV serves meanwhile', async () => {
    const [here, there] = [open(), open()];
    await here.set('session:refreshed', 'sealed-before-refresh', 600);
    await there.withLock('session:refreshed', 5_000, async () => {
      await there.set('session:refreshed', 'sealed-after-refresh', 600);
    });
    await serveStaleCopy('session:refreshed', 'sealed-before-refresh');

    // A plain read may lag (that is KV); a writer, holding the lock, never builds on the stale copy.
    expect(await here.get('session:refreshed')).toBe('sealed-before-refresh');
    const seenUnderLock = await here.withLock('session:refreshed', 5_000, () =>
      here.get('session:refreshed'),
    );
    expect(seenUnderLock).toBe('sealed-after-refresh');
  });

  it('keeps a record under a minute in KV (its minimum TTL) but serves it only for its own TTL', async () => {
    const store = open();
    await store.set('login-attempts:short', '{"count":1}', 1);
    const { metadata } = await bindings.SESSIONS.getWithMetadata<{ expiresAt: number }>(
      'login-attempts:short',
    );
    expect(metadata?.expiresAt).toBeLessThanOrEqual(Date.now() + 1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await bindings.SESSIONS.get('login-attempts:short')).toBe('{"count":1}');
    expect(await store.get('login-attempts:short')).toBeUndefined();
  });

  it('deletes an object’s storage once its record and lock have lapsed, and not before', async () => {
    const store = open();
    await store.set('session:lapsing', 'sealed', 1);
    await store.withLock('session:lapsing', 200, async () => undefined);
    const object = objectFor('session:lapsing');
    const storedKeys = () =>
      runInDurableObject(object, async (_, state) => [...(await state.storage.list()).keys()]);

    // Fired early (as a retried alarm can be), it keeps the live record and waits for its expiry.
    expect(await runDurableObjectAlarm(object)).toBe(true);
    expect(await storedKeys()).toContain('record');
    expect(await runInDurableObject(object, (_, state) => state.storage.getAlarm())).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // By now the alarm has fired on its own; if not, this runs it.
    await runDurableObjectAlarm(object);
    expect(await storedKeys()).toEqual([]);
    expect(await store.get('session:lapsing')).toBeUndefined();
  });

  it('gives one object to each key, so unrelated sessions never wait on each other', async () => {
    const store = open();
    await store.set('session:one', 'a', 60);
    await store.set('session:two', 'b', 60);
    const ids = (await listDurableObjectIds(bindings.SESSION_LOCKS)).map((id) => id.toString());
    expect(ids).toEqual(
      expect.arrayContaining([
        bindings.SESSION_LOCKS.idFromName('session:one').toString(),
        bindings.SESSION_LOCKS.idFromName('session:two').toString(),
      ]),
    );
  });
});
