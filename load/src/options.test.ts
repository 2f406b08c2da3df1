import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseOptions } from './options';

describe('pnpm load options', () => {
  it('runs 200 sessions for 60 s on memory, then Redis, then the Redis outage by default', () => {
    expect(parseOptions([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({
      sessions: 200,
      durationSeconds: 60,
      stores: ['memory', 'redis'],
      outage: true,
      outageOnly: false,
    });
  });

  it('takes sessions, duration and stores', () => {
    expect(
      parseOptions(['--sessions', '40', '--duration', '8', '--stores', 'redis']),
    ).toMatchObject({ sessions: 40, durationSeconds: 8, stores: ['redis'], outage: true });
  });

  it('has no outage without Redis, and runs only the outage with --outage', () => {
    expect(parseOptions(['--stores', 'memory'])).toMatchObject({
      stores: ['memory'],
      outage: false,
    });
    expect(parseOptions(['--no-outage'])).toMatchObject({
      stores: ['memory', 'redis'],
      outage: false,
    });
    expect(parseOptions(['--outage'])).toMatchObject({
      stores: [],
      outage: true,
      outageOnly: true,
    });
  });

  it('refuses bad input, naming the problem', () => {
    expect(() => parseOptions(['--sessions', '0'])).toThrow(/--sessions takes a whole number/);
    expect(() => parseOptions(['--sessions', '2e2'])).toThrow(/--sessions takes a whole number/);
    // Four seeded people at 50 sessions each: a 201st would end someone's oldest session.
    expect(() => parseOptions(['--sessions', '201'])).toThrow(/from 1 to 200/);
    expect(() => parseOptions(['--duration'])).toThrow(/--duration takes .* got nothing/);
    expect(() => parseOptions(['--stores', 'sqlite'])).toThrow(/--stores takes .*memory, redis/);
    expect(() => parseOptions(['--outage', '--no-outage'])).toThrow(/contradict/);
    expect(() => parseOptions(['--outage', '--stores', 'redis'])).toThrow(/leave out --stores/);
    expect(() => parseOptions(['--host', '10.0.0.1'])).toThrow(/unknown argument "--host"/);
  });
});
