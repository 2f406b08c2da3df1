// One-time login transactions: state, PKCE verifier and returnTo, sealed server-side for ten minutes.
import * as v from 'valibot';
import * as oauth from 'oauth4webapi';
import { createOpaqueId, hashId, isOpaqueId } from '../crypto/random';
import type { KeyRing } from '../crypto/seal';
import type { SessionStore } from './session-store';

const LOGIN_NAMESPACE = 'login';
/** RFC 9700 §4.7.1: short-lived. The cookie's Max-Age matches. */
export const LOGIN_TRANSACTION_SECONDS = 600;
/** Kept a little past expiry so a late callback says "login expired" rather than "state mismatch". */
const RETENTION_GRACE_SECONDS = 300;

const LoginTransactionSchema = v.object({
  v: v.literal(1),
  state: v.string(),
  codeVerifier: v.string(),
  returnTo: v.string(),
  expiresAt: v.number(),
});
export type LoginTransaction = v.InferOutput<typeof LoginTransactionSchema>;

export type TakeResult =
  { status: 'missing' } | { status: 'expired' } | { status: 'ok'; transaction: LoginTransaction };

export interface LoginTransactions {
  /** Starts a transaction; the returned `id` goes in the login cookie and nowhere else. */
  begin(returnTo: string): Promise<{ id: string; state: string; codeChallenge: string }>;
  /** Looks the transaction up and deletes it in the same step: each one is usable once. */
  take(rawId: string | undefined): Promise<TakeResult>;
  discard(rawId: string | undefined): Promise<void>;
}

export function createLoginTransactions(options: {
  store: SessionStore;
  keyRing: Promise<KeyRing>;
  now: () => number;
}): LoginTransactions {
  const { store, keyRing, now } = options;

  return {
    async begin(returnTo) {
      const id = createOpaqueId();
      const storeKey = await hashId(LOGIN_NAMESPACE, id);
      // oauth4webapi draws both from the CSPRNG: 32 bytes each, base64url (43 characters).
      const state = oauth.generateRandomState();
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
      const transaction: LoginTransaction = {
        v: 1,
        state,
        codeVerifier,
        returnTo,
        expiresAt: now() + LOGIN_TRANSACTION_SECONDS * 1000,
      };
      const sealed = await (await keyRing).seal(JSON.stringify(transaction), storeKey);
      await store.set(storeKey, sealed, LOGIN_TRANSACTION_SECONDS + RETENTION_GRACE_SECONDS);
      return { id, state, codeChallenge };
    },

    async take(rawId) {
      if (!isOpaqueId(rawId)) return { status: 'missing' };
      const storeKey = await hashId(LOGIN_NAMESPACE, rawId);
      // Consumed before anything else happens, atomically: a replayed or concurrent callback finds nothing.
      const sealed = await store.take(storeKey);
      if (sealed === undefined) return { status: 'missing' };
      const plaintext = await (await keyRing).unseal(sealed, storeKey);
      let parsed: unknown;
      try {
        parsed = plaintext === undefined ? undefined : JSON.parse(plaintext);
      } catch {
        parsed = undefined;
      }
      const result = v.safeParse(LoginTransactionSchema, parsed);
      if (!result.success) return { status: 'missing' };
      if (result.output.expiresAt <= now()) return { status: 'expired' };
      return { status: 'ok', transaction: result.output };
    },

    async discard(rawId) {
      if (!isOpaqueId(rawId)) return;
      await store.delete(await hashId(LOGIN_NAMESPACE, rawId));
    },
  };
}
