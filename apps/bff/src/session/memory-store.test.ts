import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store';
import { describeSessionStoreContract } from './session-store.contract';

describe('createMemoryStore', () => {
  it('stores, reads and deletes', async () => {
    const store = createMemoryStore();
    await store.set('a', '1', 60);
    expect(await store.get('a')).toBe('1');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('takes a record once: read and deleted in one step', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    await store.set('a', '1', 60);
    expect(await store.take('a')).toBe('1');
    expect(await store.take('a')).toBeUndefined();
    expect(await store.get('a')).toBeUndefined();
    await store.set('b', '2', 1);
    now = 1_000;
    expect(await store.take('b')).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('expires records by the injected clock', async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ now: () => now });
    await store.set('a', '1', 10);
    now += 9_999;
    expect(await store.get('a')).toBe('1');
    now += 1;
    expect(await store.get('a')).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('stays within its cap, dropping expired records first and then the oldest', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now, maxEntries: 3 });
    await store.set('short', 'x', 1);
    await store.set('b', 'x', 100);
    await store.set('c', 'x', 100);
    now = 5_000;
    await store.set('d', 'x', 100);
    expect(store.size()).toBe(3);
    expect(await store.get('short')).toBeUndefined();
    await store.set('e', 'x', 100);
    expect(store.size()).toBe(3);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('e')).toBe('x');
  });
});

describe('createMemoryStore under a flood', () => {
  it('evicts from the namespace holding the most records, so anonymous sign-in starts cannot push out sessions', async () => {
    const store = createMemoryStore({ maxEntries: 10 });
    for (const user of ['alice', 'bob', 'carol']) await store.set(`session:${user}`, 'x', 3600);
    // Anyone can start sign-ins (or fail token sign-ins) by the thousand; each leaves a record.
    for (let i = 0; i < 1_000; i += 1) await store.set(`login:${i}`, 'x', 900);
    for (let i = 0; i < 1_000; i += 1) await store.set(`login-attempts:${i}`, 'x', 60);
    expect(store.size()).toBe(10);
    for (const user of ['alice', 'bob', 'carol'])
      expect(await store.get(`session:${user}`)).toBe('x');
    // A new session while the store is full makes room from the flood, not from other sessions.
    await store.set('session:dave', 'x', 3600);
    for (const user of ['alice', 'bob', 'carol', 'dave']) {
      expect(await store.get(`session:${user}`)).toBe('x');
    }
    expect(store.size()).toBe(10);
  });
});

describe('createMemoryStore housekeeping', () => {
  it('sweeps abandoned records as writes go by', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    for (let i = 0; i < 500; i += 1) await store.set(`abandoned-${i}`, 'x', 1);
    now = 10_000;
    for (let i = 0; i < 500; i += 1) await store.set(`live-${i}`, 'x', 100);
    expect(store.size()).toBe(500);
  });
});

describeSessionStoreContract(
  'createMemoryStore',
  () => {
    let now = Date.UTC(2026, 9, 1);
    // One process, one map: every "client" of the backend is the same store.
    const store = createMemoryStore({ now: () => now });
    return {
      open: () => store,
      elapse: async (ms) => {
        now += ms;
      },
      dispose: async () => undefined,
    };
  },
  { backendCanFail: false },
);
