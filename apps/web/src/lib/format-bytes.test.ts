import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [512, '512 bytes'],
    [2048, '2 kB'],
    [4_823_117, '4.6 MB'],
    [5 * 1024 ** 3, '5 GB'],
  ])('%i → %s', (bytes, text) => {
    expect(formatBytes(bytes, 'en')).toBe(text);
  });
});
