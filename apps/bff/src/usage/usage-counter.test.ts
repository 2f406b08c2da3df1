import { describe, expect, it, vi } from 'vitest';
import { BffError } from '../errors';
import { createMemoryStore } from '../session/memory-store';
import type { SessionStore } from '../session/session-store';
import { createUsageCounter, USAGE_LIMIT, usageFlushesSettled } from './usage-counter';

const START = Date.UTC(2026, 9, 1, 9, 0, 0);

function setup() {
  let now = START;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const store = createMemoryStore({ now: clock.now });
  return { clock, store, usage: createUsageCounter({ store, now: clock.now }) };
}

/** Counts every write the counter makes, to show a burst is written in a few batches. */
function countingWrites(store: SessionStore): { store: SessionStore; writes: () => number } {
  let writes = 0;
  return {
    store: {
      ...store,
      set: (key, value, ttl) => {
        writes += 1;
        return store.set(key, value, ttl);
      },
    },
    writes: () => writes,
  };
}

describe('createUsageCounter', () => {
  it('starts at zero with nothing to reset', async () => {
    const { usage } = setup();
    expect(await usage.read('{alice}')).toEqual({
      used: 0,
      limit: 1000,
      windowSeconds: 3600,
      nearLimit: false,
      resetsAt: null,
    });
  });

  it('counts calls per user over a rolling hour', async () => {
    const { clock, usage } = setup();
    for (let i = 0; i < 3; i += 1) await usage.record('{alice}');
    clock.advance(30 * 60_000);
    await usage.record('{alice}');
    await usage.record('{bob}');
    expect(await usage.read('{alice}')).toMatchObject({
      used: 4,
      resetsAt: new Date(START + 3600_000).toISOString(),
    });
    expect((await usage.read('{bob}')).used).toBe(1);

    // The first three leave the window an hour after the minute they were made in.
    clock.advance(30 * 60_000 - 1_000);
    expect((await usage.read('{alice}')).used).toBe(4);
    clock.advance(1_000);
    expect(await usage.read('{alice}')).toMatchObject({
      used: 1,
      resetsAt: new Date(START + 90 * 60_000).toISOString(),
    });
    clock.advance(30 * 60_000);
    expect(await usage.read('{alice}')).toMatchObject({ used: 0, resetsAt: null });
  });

  it('keeps counting after a read that found nothing to write', async () => {
    const { usage } = setup();
    await usage.record('alice');
    expect((await usage.read('alice')).used).toBe(1);
    expect((await usage.read('alice')).used).toBe(1);
    await usage.record('alice');
    await usage.record('alice');
    expect((await usage.read('alice')).used).toBe(3);
  });

  it('says nearLimit once more than 80% of the limit is used', async () => {
    const { usage } = setup();
    for (let i = 0; i < USAGE_LIMIT * 0.8; i += 1) await usage.record('{alice}');
    expect(await usage.read('{alice}')).toMatchObject({ used: 800, nearLimit: false });
    await usage.record('{alice}');
    expect(await usage.read('{alice}')).toMatchObject({ used: 801, nearLimit: true });
  });

  it('adds up the calls every instance sharing the store made for a user', async () => {
    const { clock, store } = setup();
    const instances = [0, 1, 2].map(() => createUsageCounter({ store, now: clock.now }));
    await Promise.all(Array.from({ length: 30 }, (_, i) => instances[i % 3]!.record('{alice}')));
    // Each instance's own read flushes only its own pending counts: read from all of them.
    for (const usage of instances) await usage.read('{alice}');
    expect((await instances[0]!.read('{alice}')).used).toBe(30);
    expect((await instances[2]!.read('{alice}')).used).toBe(30);
  });

  it('writes a burst of calls in a few batches, not one write per call', async () => {
    const { clock, store } = setup();
    const counted = countingWrites(store);
    const usage = createUsageCounter({ store: counted.store, now: clock.now });
    await Promise.all(Array.from({ length: 50 }, () => usage.record('{alice}')));
    expect((await usage.read('{alice}')).used).toBe(50);
    expect(counted.writes()).toBeLessThanOrEqual(3);
  });

  it('with a flush delay, stores a busy user’s calls in one write and still reads its own calls at once', async () => {
    const { clock, store } = setup();
    const counted = countingWrites(store);
    const usage = createUsageCounter({
      store: counted.store,
      now: clock.now,
      flushDelayMs: 60_000,
    });
    for (let i = 0; i < 20; i += 1) await usage.record('{alice}');
    await Promise.resolve();
    expect(counted.writes()).toBe(0);
    expect((await usage.read('{alice}')).used).toBe(20);
    expect(counted.writes()).toBe(1);
    // Another instance sharing the store sees the stored figure.
    expect((await createUsageCounter({ store, now: clock.now }).read('{alice}')).used).toBe(20);
  });

  it('with a flush delay, stores the counts once the delay has passed, without a read', async () => {
    const { clock, store } = setup();
    const usage = createUsageCounter({ store, now: clock.now, flushDelayMs: 1 });
    await usage.record('{alice}');
    await usage.record('{alice}');
    const other = createUsageCounter({ store, now: clock.now });
    await vi.waitFor(async () => expect((await other.read('{alice}')).used).toBe(2));
  });

  it('keeps counts through a store outage and stores them once it is back', async () => {
    const { clock, store } = setup();
    let down = true;
    const flaky: SessionStore = {
      ...store,
      get: (key) => (down ? Promise.reject(new BffError('store_unavailable')) : store.get(key)),
    };
    const usage = createUsageCounter({ store: flaky, now: clock.now });
    await usage.record('{alice}');
    await usage.record('{alice}');
    await expect(usage.read('{alice}')).rejects.toMatchObject({ code: 'store_unavailable' });
    down = false;
    expect((await usage.read('{alice}')).used).toBe(2);
  });

  it('stores counts under a hash of the user, never the user id itself', async () => {
    const { store, usage } = setup();
    await usage.record('{0b5c6a4e-0000-4000-8000-000000000001}');
    await usage.read('{0b5c6a4e-0000-4000-8000-000000000001}');
    const dump = JSON.stringify(store.entries());
    expect(dump).toMatch(/usage:[0-9a-f]{64}/);
    expect(dump).not.toContain('0b5c6a4e');
  });
});

describe('usageFlushesSettled', () => {
  it('resolves only once the counts recorded before it are in the store (what a Worker waits for)', async () => {
    const memory = createMemoryStore({ now: () => START });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const written: string[] = [];
    // A slow store: the write lands only once the gate opens.
    const slow: SessionStore = {
      ...memory,
      set: async (key, value, ttl) => {
        await gate;
        written.push(key);
        return memory.set(key, value, ttl);
      },
    };
    const usage = createUsageCounter({ store: slow, now: () => START });
    await usage.record('{alice}');
    await usage.record('{alice}');

    let settled = false;
    const waiting = usageFlushesSettled().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false);
    expect(written).toEqual([]);

    release();
    await waiting;
    expect(written.length).toBeGreaterThan(0);
    const fresh = createUsageCounter({ store: memory, now: () => START });
    expect((await fresh.read('{alice}')).used).toBe(2);
  });

  it('resolves when a flush fails (the counts wait for the next one)', async () => {
    const memory = createMemoryStore({ now: () => START });
    const failing: SessionStore = {
      ...memory,
      withLock: () => Promise.reject(new BffError('store_unavailable')),
    };
    const usage = createUsageCounter({ store: failing, now: () => START });
    await usage.record('{alice}');
    await expect(usageFlushesSettled()).resolves.toBeUndefined();
  });
});
