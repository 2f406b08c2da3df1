import { describe, expect, it } from 'vitest';
import { testKeyBytes } from '../testing/keys';
import { createKeyRing, sealedKeyId } from './seal';

const SENTINEL = 'access-token-SENTINEL-0123456789';

describe('createKeyRing', () => {
  it('round-trips a record bound to its context, with no plaintext in the sealed form', async () => {
    const ring = await createKeyRing([testKeyBytes(1)]);
    const sealed = await ring.seal(JSON.stringify({ token: SENTINEL }), 'session:abc');
    expect(sealed).not.toContain(SENTINEL);
    expect(sealed.split('.')[0]).toBe('v1');
    expect(sealed.split('.')[1]).toBe(ring.currentKeyId);
    expect(await ring.unseal(sealed, 'session:abc')).toBe(JSON.stringify({ token: SENTINEL }));
  });

  it('uses a fresh IV for every write', async () => {
    const ring = await createKeyRing([testKeyBytes(1)]);
    const a = await ring.seal('same', 'k');
    const b = await ring.seal('same', 'k');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(Buffer.from(a.split('.')[2] ?? '', 'base64url')).toHaveLength(12);
  });

  it('refuses a record moved to another store key (AAD)', async () => {
    const ring = await createKeyRing([testKeyBytes(1)]);
    const sealed = await ring.seal('secret', 'session:one');
    expect(await ring.unseal(sealed, 'session:two')).toBeUndefined();
  });

  it('refuses any flipped byte', async () => {
    const ring = await createKeyRing([testKeyBytes(1)]);
    const sealed = await ring.seal('secret', 'k');
    const [format, kid, iv, ciphertext] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(ciphertext, 'base64url');
    for (const index of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[index] = (flipped[index] ?? 0) ^ 1;
      const tampered = [format, kid, iv, flipped.toString('base64url')].join('.');
      expect(await ring.unseal(tampered, 'k')).toBeUndefined();
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    ivBytes[0] = (ivBytes[0] ?? 0) ^ 1;
    expect(
      await ring.unseal([format, kid, ivBytes.toString('base64url'), ciphertext].join('.'), 'k'),
    ).toBeUndefined();
  });

  it.each([
    '',
    'v1',
    'v1.x.y',
    'v2.a.b.c',
    'v1.unknownkid.AAAAAAAAAAAAAAAA.AAAA',
    'not.base64!.at.all',
  ])('returns undefined for the malformed record %j', async (sealed) => {
    const ring = await createKeyRing([testKeyBytes(1)]);
    expect(await ring.unseal(sealed, 'k')).toBeUndefined();
  });

  it('rotates: the newest key encrypts, older keys still decrypt, dropped keys do not', async () => {
    const old = await createKeyRing([testKeyBytes(1)]);
    const rotated = await createKeyRing([testKeyBytes(2), testKeyBytes(1)]);
    const dropped = await createKeyRing([testKeyBytes(2)]);
    const sealedByOld = await old.seal('payload', 'k');

    expect(rotated.currentKeyId).not.toBe(old.currentKeyId);
    expect(await rotated.unseal(sealedByOld, 'k')).toBe('payload');
    const resealed = await rotated.seal('payload', 'k');
    expect(resealed.split('.')[1]).toBe(rotated.currentKeyId);
    expect(await dropped.unseal(sealedByOld, 'k')).toBeUndefined();
    expect(await dropped.unseal(resealed, 'k')).toBe('payload');
  });

  it('refuses keys that are not 32 bytes', async () => {
    await expect(createKeyRing([new Uint8Array(16)])).rejects.toThrow(/32 bytes/);
    await expect(createKeyRing([])).rejects.toThrow(/at least one key/);
  });

  it('tells a value sealed by an older key from one sealed by the newest', async () => {
    const old = await createKeyRing([testKeyBytes(1)]);
    const rotated = await createKeyRing([testKeyBytes(2), testKeyBytes(1)]);
    const before = await old.seal('record', 'k');
    const after = await rotated.seal('record', 'k');
    expect(sealedKeyId(before)).toBe(old.currentKeyId);
    expect(rotated.isSealedByOlderKey(before)).toBe(true);
    expect(rotated.isSealedByOlderKey(after)).toBe(false);
    expect(rotated.isSealedByOlderKey('not sealed')).toBe(false);
    expect(await rotated.unseal(before, 'k')).toBe('record');
  });
});

describe('createKeyRing on Node and on Web Crypto alone', () => {
  const engines = [
    ['Node', {}],
    ['Web Crypto', { nodeCrypto: null }],
  ] as const;

  it('seals the same format: either opens what the other sealed', async () => {
    const node = await createKeyRing([testKeyBytes(1)]);
    const web = await createKeyRing([testKeyBytes(1)], { nodeCrypto: null });
    const record = JSON.stringify({ token: SENTINEL, name: 'Zoë ✓' });
    expect(await web.unseal(await node.seal(record, 'session:a'), 'session:a')).toBe(record);
    expect(await node.unseal(await web.seal(record, 'session:a'), 'session:a')).toBe(record);
    expect(await node.unseal(await web.seal(record, 'session:a'), 'session:b')).toBeUndefined();
    expect(await web.unseal(await node.seal(record, 'session:a'), 'session:b')).toBeUndefined();
  });

  it.each(engines)('%s refuses a flipped tag, a cut tag and a foreign key', async (_, options) => {
    const ring = await createKeyRing([testKeyBytes(1)], options);
    const stranger = await createKeyRing([testKeyBytes(3)], options);
    const sealed = await ring.seal(SENTINEL, 'k');
    const [format, kid, iv, ciphertext] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(ciphertext, 'base64url');
    const lastFlipped = Buffer.from(bytes);
    lastFlipped[bytes.length - 1] = (lastFlipped[bytes.length - 1] ?? 0) ^ 0x80;
    for (const body of [lastFlipped, bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 15)]) {
      const tampered = [format, kid, iv, body.toString('base64url')].join('.');
      expect(await ring.unseal(tampered, 'k')).toBeUndefined();
    }
    expect(await stranger.unseal(sealed, 'k')).toBeUndefined();
    expect(await ring.unseal(sealed, 'k')).toBe(SENTINEL);
  });

  it.each(engines)('%s refuses a record whose plaintext is not UTF-8', async (_, options) => {
    const ring = await createKeyRing([testKeyBytes(1)], options);
    const web = await createKeyRing([testKeyBytes(1)], { nodeCrypto: null });
    // Sealed by hand with the ring's own key and AAD layout, so only the bytes inside are wrong.
    const key = await crypto.subtle.importKey('raw', testKeyBytes(1), 'AES-GCM', false, [
      'encrypt',
    ]);
    const iv = new Uint8Array(12);
    const aad = new TextEncoder().encode(`pail-session:v1:${web.currentKeyId}:k`);
    const ciphertext = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aad },
      key,
      new Uint8Array([0xff, 0xfe, 0x41]),
    );
    const sealed = [
      'v1',
      web.currentKeyId,
      Buffer.from(iv).toString('base64url'),
      Buffer.from(ciphertext).toString('base64url'),
    ].join('.');
    expect(await ring.unseal(sealed, 'k')).toBeUndefined();
  });
});
