import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../session/memory-store';
import { createLoginAttemptLimiter } from './login-attempts';
import { createLoginStartLimiter } from './login-starts';

function setup() {
  let now = Date.UTC(2026, 9, 1);
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const store = createMemoryStore({ now: clock.now });
  const limiter = createLoginStartLimiter({
    store,
    now: clock.now,
    maxStarts: 3,
    windowSeconds: 60,
  });
  return { clock, store, limiter };
}

describe('createLoginStartLimiter', () => {
  it('admits starts up to the limit, then asks to wait until the window ends, counting nothing more', async () => {
    const { clock, limiter, store } = setup();
    for (let i = 0; i < 3; i += 1) expect(await limiter.admit('203.0.113.9')).toBe(0);
    clock.advance(10_000);
    expect(await limiter.admit('203.0.113.9')).toBe(50);
    expect(await limiter.admit('198.51.100.4')).toBe(0);
    clock.advance(50_000);
    expect(await limiter.admit('203.0.113.9')).toBe(0);
    expect(JSON.stringify(store.entries())).not.toContain('203.0.113.9');
  });

  it('keeps its own counters, apart from failed token sign-ins from the same address', async () => {
    const { store, clock, limiter } = setup();
    const failures = createLoginAttemptLimiter({ store, now: clock.now, maxFailures: 1 });
    expect(await failures.reserve(['client:203.0.113.9'])).toBe(0);
    expect(await failures.retryAfterSeconds(['client:203.0.113.9'])).toBe(60);
    expect(await limiter.admit('203.0.113.9')).toBe(0);
    const namespaces = store.entries().map(([key]) => key.split(':')[0]);
    expect(namespaces.sort()).toEqual(['login-attempts', 'login-starts']);
  });
});
