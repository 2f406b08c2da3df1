// AES-256-GCM sealing of session records under a key ring: the newest key encrypts, every key decrypts.
import { decodeBase64Url, encodeBase64Url, utf8 } from './encoding';

/** Bumped whenever the sealed layout changes; part of the AAD so old and new never mix silently. */
export const SEAL_FORMAT = 'v1';

export interface KeyRing {
  /** Key id of the key that encrypts new records. */
  readonly currentKeyId: string;
  /** Encrypts `plaintext` bound to `context` (the store key): the result only opens under the same context. */
  seal(plaintext: string, context: string): Promise<string>;
  /** Returns the plaintext, or `undefined` for anything tampered, truncated, foreign or keyed by a dropped key. */
  unseal(sealed: string, context: string): Promise<string | undefined>;
  /** True when `sealed` was sealed by a key other than the current one (so it should be re-sealed). */
  isSealedByOlderKey(sealed: string): boolean;
}

/** The key id a sealed value names (its second field), without opening it. */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 4 && parts[0] === SEAL_FORMAT ? parts[1] : undefined;
}

type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

interface RingKey {
  id: string;
  key: AesKey;
}

/** A short public fingerprint of a key, so a record names the key that sealed it without revealing it. */
async function deriveKeyId(raw: Uint8Array): Promise<string> {
  const label = utf8('pail-session-key-id\0');
  const input = new Uint8Array(label.length + raw.length);
  input.set(label);
  input.set(raw, label.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  return encodeBase64Url(digest.subarray(0, 6));
}

function additionalData(keyId: string, context: string): Uint8Array<ArrayBuffer> {
  return utf8(`pail-session:${SEAL_FORMAT}:${keyId}:${context}`);
}

/** Builds a key ring from raw 32-byte keys, newest first. */
export async function createKeyRing(rawKeys: readonly Uint8Array[]): Promise<KeyRing> {
  if (rawKeys.length === 0) throw new TypeError('a key ring needs at least one key');
  const keys: RingKey[] = [];
  for (const raw of rawKeys) {
    if (raw.length !== 32) throw new TypeError('session keys must be 32 bytes');
    const key = await crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    keys.push({ id: await deriveKeyId(raw), key });
  }
  const current = keys[0] as RingKey;
  const byId = new Map<string, AesKey>();
  // Newest wins if two entries ever share an id.
  for (const { id, key } of [...keys].reverse()) byId.set(id, key);

  return {
    currentKeyId: current.id,

    isSealedByOlderKey(sealed) {
      const keyId = sealedKeyId(sealed);
      return keyId !== undefined && keyId !== current.id;
    },

    async seal(plaintext, context) {
      // A fresh 96-bit IV per write; with random IVs a key is good for far more writes than a session store makes.
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(current.id, context) },
        current.key,
        utf8(plaintext),
      );
      return [
        SEAL_FORMAT,
        current.id,
        encodeBase64Url(iv),
        encodeBase64Url(new Uint8Array(ciphertext)),
      ].join('.');
    },

    async unseal(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4) return undefined;
      const [format, keyId, ivText, ciphertextText] = parts as [string, string, string, string];
      if (format !== SEAL_FORMAT) return undefined;
      const key = byId.get(keyId);
      const iv = decodeBase64Url(ivText);
      const ciphertext = decodeBase64Url(ciphertextText);
      if (key === undefined || iv?.length !== 12 || ciphertext === undefined) return undefined;
      try {
        const plaintext = await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: new Uint8Array(iv),
            additionalData: additionalData(keyId, context),
          },
          key,
          new Uint8Array(ciphertext),
        );
        return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
      } catch {
        return undefined;
      }
    },
  };
}
