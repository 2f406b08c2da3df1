import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, createOpaqueId, hashId, isOpaqueId } from './random';

describe('createOpaqueId', () => {
  it('makes 256-bit base64url ids that never repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, createOpaqueId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(isOpaqueId(id)).toBe(true);
      expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    }
  });

  it.each([undefined, '', 'short', `${'a'.repeat(43)}=`, `${'a'.repeat(42)}!`, 'a'.repeat(44)])(
    'rejects %j as an id',
    (value) => {
      expect(isOpaqueId(value)).toBe(false);
    },
  );
});

describe('hashId', () => {
  it('is namespaced hex SHA-256 and never contains the raw id', async () => {
    const id = createOpaqueId();
    const key = await hashId('session', id);
    expect(key).toMatch(/^session:[0-9a-f]{64}$/);
    expect(key).toBe(`session:${createHash('sha256').update(id, 'utf8').digest('hex')}`);
    expect(key).not.toContain(id);
    expect(await hashId('session', id)).toBe(key);
    expect(await hashId('session', createOpaqueId())).not.toBe(key);
  });
});

describe('constantTimeEqual', () => {
  it('tells equal from different strings of any length', async () => {
    expect(await constantTimeEqual('abc', 'abc')).toBe(true);
    expect(await constantTimeEqual('abc', 'abd')).toBe(false);
    expect(await constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(await constantTimeEqual('', 'x')).toBe(false);
    expect(await constantTimeEqual('', '')).toBe(true);
  });
});
