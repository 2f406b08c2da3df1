import { describe, expect, it } from 'vitest';
import { createKeyRing } from '../crypto/seal';
import { testKeyBytes } from '../testing/keys';
import { createLoginTransactions } from './login-transactions';
import { createMemoryStore } from './memory-store';
import type { SessionStore } from './session-store';

/** A memory store whose reads and writes take a turn of the event loop, as a networked store's would. */
function withLatency(store: SessionStore): SessionStore {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  return {
    ...store,
    get: async (key) => (await tick(), store.get(key)),
    set: async (key, value, ttl) => (await tick(), store.set(key, value, ttl)),
    delete: async (key) => (await tick(), store.delete(key)),
  };
}

function setup(makeStore: (now: () => number) => SessionStore) {
  let now = Date.UTC(2026, 9, 1);
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const transactions = createLoginTransactions({
    store: makeStore(clock.now),
    keyRing: createKeyRing([testKeyBytes(1)]),
    now: clock.now,
  });
  return { clock, transactions };
}

describe('createLoginTransactions', () => {
  it('hands a transaction out once, then never again', async () => {
    const { transactions } = setup((now) => createMemoryStore({ now }));
    const { id, state } = await transactions.begin('/acme');
    const first = await transactions.take(id);
    expect(first).toMatchObject({ status: 'ok', transaction: { state, returnTo: '/acme' } });
    expect(await transactions.take(id)).toEqual({ status: 'missing' });
  });

  it('hands a transaction to only one of two simultaneous callbacks, even on a store with latency', async () => {
    const { transactions } = setup((now) => withLatency(createMemoryStore({ now })));
    const { id } = await transactions.begin('/');
    const results = await Promise.all([transactions.take(id), transactions.take(id)]);
    expect(results.map((result) => result.status).sort()).toEqual(['missing', 'ok']);
  });

  it('says expired for a transaction older than ten minutes, and consumes it', async () => {
    const { transactions, clock } = setup((now) => createMemoryStore({ now }));
    const { id } = await transactions.begin('/');
    clock.advance(600_001);
    expect(await transactions.take(id)).toEqual({ status: 'expired' });
    expect(await transactions.take(id)).toEqual({ status: 'missing' });
  });
});
