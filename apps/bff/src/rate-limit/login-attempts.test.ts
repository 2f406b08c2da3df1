import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../session/memory-store';
import { createLoginAttemptLimiter } from './login-attempts';

function setup() {
  let now = Date.UTC(2026, 9, 1);
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const store = createMemoryStore({ now: clock.now });
  return {
    clock,
    store,
    limiter: createLoginAttemptLimiter({
      store,
      now: clock.now,
      maxFailures: 3,
      windowSeconds: 60,
    }),
  };
}

describe('createLoginAttemptLimiter', () => {
  it('allows failures up to the limit, then asks to wait until the window ends', async () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 3; i += 1) {
      expect(await limiter.retryAfterSeconds(['client:a'])).toBe(0);
      expect(await limiter.reserve(['client:a'])).toBe(0);
    }
    expect(await limiter.retryAfterSeconds(['client:a'])).toBe(60);
    expect(await limiter.reserve(['client:a'])).toBe(60);
    clock.advance(45_000);
    expect(await limiter.retryAfterSeconds(['client:a', 'username:x'])).toBe(15);
    clock.advance(15_000);
    expect(await limiter.retryAfterSeconds(['client:a'])).toBe(0);
  });

  it('counts each subject on its own, and forgets one on clear', async () => {
    const { limiter } = setup();
    for (let i = 0; i < 3; i += 1) await limiter.reserve(['client:a', 'username:x']);
    expect(await limiter.retryAfterSeconds(['client:b'])).toBe(0);
    expect(await limiter.retryAfterSeconds(['client:b', 'username:x'])).toBe(60);
    await limiter.clear('username:x');
    expect(await limiter.retryAfterSeconds(['client:b', 'username:x'])).toBe(0);
    expect(await limiter.retryAfterSeconds(['client:a'])).toBe(60);
  });

  it('lets no more attempts than the limit through a burst, and counts none past it', async () => {
    const { limiter } = setup();
    const waits = await Promise.all(
      [1, 2, 3, 4, 5].map(() => limiter.reserve(['client:a', 'username:x'])),
    );
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    expect(await limiter.retryAfterSeconds(['client:a'])).toBe(60);
    // A subject over the limit leaves the other one uncounted.
    expect(await limiter.reserve(['client:b', 'username:x'])).toBe(60);
    for (let i = 0; i < 3; i += 1) expect(await limiter.reserve(['client:b'])).toBe(0);
  });

  it('takes back an attempt that did not end in a refusal', async () => {
    const { store, limiter } = setup();
    for (let i = 0; i < 3; i += 1) {
      expect(await limiter.reserve(['client:a'])).toBe(0);
      await limiter.release(['client:a']);
    }
    expect(await limiter.retryAfterSeconds(['client:a'])).toBe(0);
    expect(store.entries()).toEqual([]);
  });

  it('stores counters under hashes of the subjects', async () => {
    const { store, limiter } = setup();
    await limiter.reserve(['username:alice@example.com']);
    expect(JSON.stringify(store.entries())).not.toContain('alice');
  });
});
