import { env } from 'cloudflare:workers';
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { describeSessionStoreContract } from '../session/session-store.contract';
import { createKvStore } from './kv-store';
import { createWorkerHarness, failingBindings } from './testing/worker-harness';
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

describe('the Workers session store while KV and the objects fail', () => {
  it('turns every failure into store_unavailable (503, Retry-After: 5) and recovers without a restart', async () => {
    const { state, env: failing } = failingBindings();
    const store = createKvStore({ kv: failing.SESSIONS, objects: failing.SESSION_LOCKS });
    await store.set('session:kept', 'sealed', 600);
    state.down = true;

    const unavailable = { code: 'store_unavailable', status: 503, headers: { 'Retry-After': '5' } };
    await expect(store.get('session:kept')).rejects.toMatchObject(unavailable);
    await expect(store.set('session:new', 'sealed', 600)).rejects.toMatchObject(unavailable);
    await expect(store.delete('session:kept')).rejects.toMatchObject(unavailable);
    await expect(store.take('login:any')).rejects.toMatchObject(unavailable);
    await expect(store.ping()).rejects.toMatchObject(unavailable);
    let ran = false;
    await expect(
      store.withLock('session:kept', 5_000, async () => {
        ran = true;
      }),
    ).rejects.toMatchObject(unavailable);
    expect(ran).toBe(false);

    state.down = false;
    expect(await store.get('session:kept')).toBe('sealed');
    await expect(store.ping()).resolves.toBeUndefined();
    expect(await store.withLock('session:kept', 5_000, async () => 'locked')).toBe('locked');
  });

  it('answers the app’s routes 503 JSON while KV is down, and serves the session again once it is back', async () => {
    const { state, env: failing } = failingBindings();
    const h = createWorkerHarness({ env: failing });
    const jar = h.newJar();
    await h.signIn(jar);
    state.down = true;

    for (const [path, csrf] of [
      ['/bff/session', true],
      ['/api/2.0/repositories/acme/widgets', true],
      ['/readyz', false],
    ] as const) {
      const response = await h.request(path, { jar, csrf });
      expect(response.status, path).toBe(503);
      expect(response.headers.get('Retry-After'), path).toBe('5');
      expect(await response.json(), path).toMatchObject({ error: { code: 'store_unavailable' } });
    }
    const login = await h.request('/bff/login', { jar: h.newJar() });
    expect(login.status).toBe(302);
    expect(login.headers.get('Location')).toBe('/login?error=unavailable');
    expect(h.logger.events()).not.toContain('internal_error');

    state.down = false;
    expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
    expect(
      (await h.request('/api/2.0/repositories/acme/widgets', { jar, csrf: true })).status,
    ).toBe(200);
  });
});
