import { describe, expect, it } from 'vitest';
import { readCommitsTarget } from './commits';

describe('readCommitsTarget', () => {
  it.each([
    ['', { kind: 'history', ref: undefined }],
    ['/', { kind: 'history', ref: undefined }],
    ['branch/main', { kind: 'history', ref: 'main' }],
    [
      'branch/bugfix/PAIL-42/login-redirect',
      { kind: 'history', ref: 'bugfix/PAIL-42/login-redirect' },
    ],
    ['tag/v1.10.0', { kind: 'history', ref: 'v1.10.0' }],
    ['develop', { kind: 'history', ref: 'develop' }],
    ['release/2.x', { kind: 'history', ref: 'release/2.x' }],
    ['a1b2c3d', { kind: 'commit', hash: 'a1b2c3d' }],
    [
      'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
      { kind: 'commit', hash: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' },
    ],
    ['a1b2c3', { kind: 'history', ref: 'a1b2c3' }],
    ['branch/', { kind: 'history', ref: 'branch' }],
  ])('%j → %j', (rest, target) => {
    expect(readCommitsTarget(rest)).toEqual(target);
  });
});
