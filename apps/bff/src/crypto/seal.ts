// AES-256-GCM sealing of session records under a key ring: the newest key encrypts, every key decrypts.
import { decodeBase64Url, encodeBase64Url, utf8 } from './encoding';
import { nodeCrypto as runtimeNodeCrypto, type NodeCrypto } from './node-crypto';

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
  /** The same key for Node's own AES-GCM, when the runtime is Node. */
  nodeKey?: object;
}

/** AES-GCM's tag, appended to the ciphertext as Web Crypto does. */
const TAG_BYTES = 16;
/** Decoding the plaintext is as strict as before: invalid UTF-8 fails. Stateless, so one serves every call. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export interface KeyRingOptions {
  /** Node's crypto, or `null` for Web Crypto only; defaults to what the runtime has. Both give the same bytes. */
  nodeCrypto?: NodeCrypto | null;
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
export async function createKeyRing(
  rawKeys: readonly Uint8Array[],
  options: KeyRingOptions = {},
): Promise<KeyRing> {
  const node =
    options.nodeCrypto === undefined ? runtimeNodeCrypto : (options.nodeCrypto ?? undefined);
  if (rawKeys.length === 0) throw new TypeError('a key ring needs at least one key');
  const keys: RingKey[] = [];
  for (const raw of rawKeys) {
    if (raw.length !== 32) throw new TypeError('session keys must be 32 bytes');
    const key = await crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    // Imported once here, never per request.
    const nodeKey = node?.createSecretKey(new Uint8Array(raw));
    keys.push(
      nodeKey === undefined
        ? { id: await deriveKeyId(raw), key }
        : { id: await deriveKeyId(raw), key, nodeKey },
    );
  }
  const current = keys[0] as RingKey;
  const byId = new Map<string, RingKey>();
  // Newest wins if two entries ever share an id.
  for (const ringKey of [...keys].reverse()) byId.set(ringKey.id, ringKey);

  return {
    currentKeyId: current.id,

    isSealedByOlderKey(sealed) {
      const keyId = sealedKeyId(sealed);
      return keyId !== undefined && keyId !== current.id;
    },

    async seal(plaintext, context) {
      // A fresh 96-bit IV per write; with random IVs a key is good for far more writes than a session store makes.
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const aad = additionalData(current.id, context);
      let sealedBytes: Uint8Array;
      if (node !== undefined && current.nodeKey !== undefined) {
        const cipher = node.createCipheriv('aes-256-gcm', current.nodeKey, iv, {
          authTagLength: TAG_BYTES,
        });
        cipher.setAAD(aad);
        const head = cipher.update(utf8(plaintext));
        const tail = cipher.final();
        const tag = cipher.getAuthTag();
        sealedBytes = new Uint8Array(head.length + tail.length + tag.length);
        sealedBytes.set(head);
        sealedBytes.set(tail, head.length);
        sealedBytes.set(tag, head.length + tail.length);
      } else {
        sealedBytes = new Uint8Array(
          await crypto.subtle.encrypt(
            { name: 'AES-GCM', iv, additionalData: aad },
            current.key,
            utf8(plaintext),
          ),
        );
      }
      return [SEAL_FORMAT, current.id, encodeBase64Url(iv), encodeBase64Url(sealedBytes)].join('.');
    },

    async unseal(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4) return undefined;
      const [format, keyId, ivText, ciphertextText] = parts as [string, string, string, string];
      if (format !== SEAL_FORMAT) return undefined;
      const ringKey = byId.get(keyId);
      const iv = decodeBase64Url(ivText);
      const ciphertext = decodeBase64Url(ciphertextText);
      if (ringKey === undefined || iv?.length !== 12 || ciphertext === undefined) return undefined;
      if (ciphertext.length < TAG_BYTES) return undefined;
      const aad = additionalData(keyId, context);
      try {
        if (node !== undefined && ringKey.nodeKey !== undefined) {
          // Opened on every request: Node's synchronous AES-GCM, checking the same tag over the same AAD.
          const decipher = node.createDecipheriv('aes-256-gcm', ringKey.nodeKey, iv, {
            authTagLength: TAG_BYTES,
          });
          decipher.setAAD(aad);
          decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
          const head = decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES));
          // `final` throws unless the tag matches: nothing is returned before the record is authenticated.
          const tail = decipher.final();
          const plaintext = new Uint8Array(head.length + tail.length);
          plaintext.set(head);
          plaintext.set(tail, head.length);
          return utf8Decoder.decode(plaintext);
        }
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: aad },
          ringKey.key,
          new Uint8Array(ciphertext),
        );
        return utf8Decoder.decode(plaintext);
      } catch {
        return undefined;
      }
    },
  };
}
