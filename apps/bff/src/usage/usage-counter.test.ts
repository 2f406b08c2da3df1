import { describe, expect, it } from 'vitest';
import { createMemoryUsageCounter, USAGE_LIMIT } from './usage-counter';

const START = Date.UTC(2026, 9, 1, 9, 0, 0);

function setup(maxUsers?: number) {
  let now = START;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  return {
    clock,
    usage: createMemoryUsageCounter({ now: clock.now, ...(maxUsers ? { maxUsers } : {}) }),
  };
}

describe('createMemoryUsageCounter', () => {
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

    // The first three leave the window an hour after they were made.
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

  it('says nearLimit once more than 80% of the limit is used', async () => {
    const { usage } = setup();
    for (let i = 0; i < USAGE_LIMIT * 0.8; i += 1) await usage.record('{alice}');
    expect(await usage.read('{alice}')).toMatchObject({ used: 800, nearLimit: false });
    await usage.record('{alice}');
    expect(await usage.read('{alice}')).toMatchObject({ used: 801, nearLimit: true });
  });

  it('forgets the least recently active user beyond its bound', async () => {
    const { usage } = setup(2);
    await usage.record('{a}');
    await usage.record('{b}');
    await usage.record('{a}');
    await usage.record('{c}');
    expect((await usage.read('{a}')).used).toBe(2);
    expect((await usage.read('{b}')).used).toBe(0);
    expect((await usage.read('{c}')).used).toBe(1);
  });
});
