import { describe, expect, it } from 'vitest';
import { ticksFromStat } from './cpu-time';

describe('ticksFromStat', () => {
  it('adds utime and stime, fields 14 and 15', () => {
    const stat =
      '4242 (node) S 1 4242 4242 0 -1 4194560 9046 0 0 0 1234 567 0 0 20 0 11 0 123 1069 7 0';
    expect(ticksFromStat(stat)).toBe(1234 + 567);
  });

  it('counts from the last parenthesis, whatever the command name holds', () => {
    const stat = '77 (a) b (c) S 1 77 77 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 100 3 0';
    expect(ticksFromStat(stat)).toBe(30);
  });

  it('says nothing for text that is not a stat line', () => {
    expect(ticksFromStat('')).toBeUndefined();
    expect(ticksFromStat('1 (x) S 1 2')).toBeUndefined();
  });
});
