// Deterministic session keys for tests; never used outside them.

/** A 32-byte key (base64url) derived from `seed`. */
export function testKey(seed: number): string {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) & 0xff);
  return Buffer.from(bytes).toString('base64url');
}

export function testKeyBytes(seed: number): Uint8Array {
  return new Uint8Array(Buffer.from(testKey(seed), 'base64url'));
}
