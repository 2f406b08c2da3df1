// Opaque identifiers from the CSPRNG, their storage hashes, and constant-time comparison.
import { encodeBase64Url, encodeHex, utf8 } from './encoding';
import { nodeCrypto } from './node-crypto';

/** A 256-bit random id, base64url (43 characters). */
export function createOpaqueId(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** True when `value` looks like an id from `createOpaqueId` (so junk cookies never reach the store). */
export function isOpaqueId(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export async function sha256(text: string): Promise<Uint8Array> {
  // Once per request (the session cookie's store key): Node's synchronous hash where there is one.
  if (nodeCrypto !== undefined) return nodeCrypto.createHash('sha256').update(utf8(text)).digest();
  return new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text)));
}

/** Store keys are the hex SHA-256 of the raw id: a dump of the store cannot be replayed as cookies. */
export async function hashId(namespace: string, rawId: string): Promise<string> {
  // On every request: Node writes the hex itself, without the bytes passing through JavaScript.
  if (nodeCrypto !== undefined) {
    return `${namespace}:${nodeCrypto.createHash('sha256').update(utf8(rawId)).digest('hex')}`;
  }
  return `${namespace}:${encodeHex(await sha256(rawId))}`;
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first, so the
 * lengths match and the comparison leaks nothing about the expected value's length either.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([sha256(a), sha256(b)]);
  let diff = 0;
  for (let i = 0; i < left.length; i += 1) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
