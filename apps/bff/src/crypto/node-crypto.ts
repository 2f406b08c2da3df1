// Node's own crypto when the runtime is Node: the same algorithms as Web Crypto, without a thread-pool hop per call.

interface NodeHash {
  update(data: Uint8Array): NodeHash;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
}

interface NodeCipher {
  setAAD(data: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
}

interface NodeDecipher {
  setAAD(data: Uint8Array): unknown;
  setAuthTag(tag: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
}

/** The few `node:crypto` calls sealing and hashing use, typed here so Workers builds need no Node types. */
export interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
  createSecretKey(key: Uint8Array): object;
  createCipheriv(
    algorithm: 'aes-256-gcm',
    key: object,
    iv: Uint8Array,
    options: { authTagLength: 16 },
  ): NodeCipher;
  createDecipheriv(
    algorithm: 'aes-256-gcm',
    key: object,
    iv: Uint8Array,
    options: { authTagLength: 16 },
  ): NodeDecipher;
}

/**
 * `node:crypto` on Node (through `process.getBuiltinModule`, so nothing is imported and other runtimes
 * never see it), `undefined` elsewhere. On Node every Web Crypto call is queued to libuv's thread pool
 * and back, which costs more than the work itself for the small inputs a request needs (a 43-character
 * id, a 1 KB record); the synchronous calls give the same bytes.
 */
export const nodeCrypto: NodeCrypto | undefined = (() => {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  const loaded = runtime?.getBuiltinModule?.('node:crypto');
  return loaded === undefined ? undefined : (loaded as NodeCrypto);
})();
