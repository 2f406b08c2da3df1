// Server-side sessions: sealed records keyed by the hash of an opaque cookie id, with idle and absolute limits.
import * as v from 'valibot';
import { AuthMethodSchema, SessionUserSchema } from '@pail/shared';
import { encodeBase64Url } from '../crypto/encoding';
import { createOpaqueId, hashId, isOpaqueId, sha256 } from '../crypto/random';
import type { KeyRing } from '../crypto/seal';
import type { SessionStore } from './session-store';

const SESSION_NAMESPACE = 'session';
/** Per-user index of session store keys, so a user can list and end their sessions. */
const USER_INDEX_NAMESPACE = 'user-sessions';
/** Writing `lastSeenAt` on every request would turn each read into a write; a minute of slack is enough. */
const TOUCH_INTERVAL_MS = 60_000;
/** Beyond this many live sessions per user, the oldest is ended: a flood of sign-ins cannot grow without bound. */
export const MAX_SESSIONS_PER_USER = 50;
/** How long a crashed holder can block a session's writers: longer than any refresh can take. */
export const LOCK_TTL_MS = 30_000;
/** Records kept opened per process (about 3 kB each with their sealed text); the least recently used go first. */
export const OPENED_RECORD_CACHE_SIZE = 2048;

const SessionRecordSchema = v.object({
  v: v.literal(1),
  user: SessionUserSchema,
  authMethod: AuthMethodSchema,
  scopes: v.array(v.string()),
  /** The OAuth access token, or for a token sign-in the API token (app password) itself. */
  accessToken: v.pipe(v.string(), v.minLength(1)),
  refreshToken: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Token sign-in only: the username `accessToken` is sent with as HTTP Basic credentials. */
  basicUsername: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Epoch ms. */
  accessTokenExpiresAt: v.number(),
  /** A short description of the browser at sign-in ("Firefox on Linux"), never the raw User-Agent. */
  browser: v.optional(v.string()),
  createdAt: v.number(),
  lastSeenAt: v.number(),
  absoluteExpiresAt: v.number(),
});
export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;

export type NewSession = Omit<
  SessionRecord,
  'v' | 'createdAt' | 'lastSeenAt' | 'absoluteExpiresAt'
>;

/** A loaded session: the record plus the (hashed) key it lives under. */
export interface ActiveSession {
  storeKey: string;
  record: SessionRecord;
  /** True when the stored record was sealed by a key that is no longer the newest: the next touch re-seals it. */
  sealedByOlderKey?: boolean;
}

const UserIndexSchema = v.object({ v: v.literal(1), keys: v.array(v.string()) });
type UserIndex = v.InferOutput<typeof UserIndexSchema>;

export interface SessionManager {
  /** Makes a new session under a fresh 256-bit id; returns the raw id for the cookie. */
  create(data: NewSession): Promise<{ id: string; session: ActiveSession }>;
  /** The live session for a cookie value, or `undefined` (unknown, expired, tampered: all deleted). */
  load(rawId: string | undefined): Promise<ActiveSession | undefined>;
  /**
   * Read-modify-write under a per-session lock: re-reads the record, lets `change` return the next record
   * (or `undefined` to keep it), and writes it in one store write. Every write after creation goes
   * through here, so a slow request can never write back tokens that a refresh has already rotated.
   * Resolves to the session as stored afterwards, or `undefined` when it no longer exists.
   */
  update(
    storeKey: string,
    change: (
      current: ActiveSession,
    ) => Promise<SessionRecord | undefined> | SessionRecord | undefined,
  ): Promise<ActiveSession | undefined>;
  /**
   * Records activity for the idle timeout (at most one write a minute), and re-seals a record still sealed
   * by an older key so a key rotation completes as sessions are used.
   */
  touch(session: ActiveSession): Promise<void>;
  /**
   * Deletes the record once any update in flight has finished, so nothing can write it back. Resolves to
   * the record as it was last stored (after any refresh that was running), or `undefined` if none was live.
   */
  destroy(storeKey: string): Promise<SessionRecord | undefined>;
  destroyById(rawId: string | undefined): Promise<SessionRecord | undefined>;
  /** The user's live sessions, oldest first; sessions that ended drop out of the index as they are found. */
  listForUser(userUuid: string): Promise<ActiveSession[]>;
  /** The public handle of a session: a one-way digest of its store key, safe to show and to log. */
  publicHandle(storeKey: string): Promise<string>;
}

export interface SessionManagerOptions {
  store: SessionStore;
  keyRing: Promise<KeyRing>;
  now: () => number;
  idleSeconds: number;
  absoluteSeconds: number;
}

/** A record as opened from `sealed`: reused only while the store still holds exactly that text. */
interface OpenedRecord {
  sealed: string;
  record: SessionRecord;
  sealedByOlderKey: boolean;
}

/** Frozen, so a record shared between requests can never be changed by one of them. */
function freezeRecord(record: SessionRecord): SessionRecord {
  Object.freeze(record.user);
  Object.freeze(record.scopes);
  return Object.freeze(record);
}

export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, keyRing, now, idleSeconds, absoluteSeconds } = options;
  /**
   * Store key → the record last opened under it. Every request opens its session; when the store answers
   * with the very text that was authenticated (AES-GCM) and schema-checked before, under the same store
   * key and so the same AAD, opening it again would give the same record: the key ring does not change
   * while the process runs. Any other text (a write elsewhere, a fresh IV, tampering) is opened and
   * checked in full. Expiry is still checked on every read.
   */
  const opened = new Map<string, OpenedRecord>();

  function remember(storeKey: string, entry: OpenedRecord): void {
    opened.delete(storeKey);
    opened.set(storeKey, entry);
    if (opened.size > OPENED_RECORD_CACHE_SIZE) {
      const oldest = opened.keys().next();
      if (oldest.done !== true) opened.delete(oldest.value);
    }
  }

  async function open(
    storeKey: string,
    sealed: string,
  ): Promise<{ record: SessionRecord; sealedByOlderKey: boolean } | undefined> {
    const known = opened.get(storeKey);
    if (known !== undefined && known.sealed === sealed) {
      remember(storeKey, known);
      return known;
    }
    opened.delete(storeKey);
    const ring = await keyRing;
    const plaintext = await ring.unseal(sealed, storeKey);
    const parsed =
      plaintext === undefined ? undefined : v.safeParse(SessionRecordSchema, safeJson(plaintext));
    if (!parsed?.success) return undefined;
    const entry = {
      sealed,
      record: freezeRecord(parsed.output),
      sealedByOlderKey: ring.isSealedByOlderKey(sealed),
    };
    remember(storeKey, entry);
    return entry;
  }

  /**
   * Serialises writers of one record across every instance sharing the store. Held for a read, a seal and a
   * write, or a token refresh (bounded by the upstream timeout): the TTL only matters if a holder crashed.
   */
  function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    return store.withLock(key, LOCK_TTL_MS, task);
  }

  function endsAt(record: SessionRecord): number {
    return Math.min(record.lastSeenAt + idleSeconds * 1000, record.absoluteExpiresAt);
  }

  async function write(session: ActiveSession): Promise<void> {
    const ttlSeconds = Math.ceil((endsAt(session.record) - now()) / 1000);
    if (ttlSeconds <= 0) {
      await store.delete(session.storeKey);
      return;
    }
    const sealed = await (await keyRing).seal(JSON.stringify(session.record), session.storeKey);
    await store.set(session.storeKey, sealed, ttlSeconds);
  }

  async function read(storeKey: string): Promise<ActiveSession | undefined> {
    const sealed = await store.get(storeKey);
    if (sealed === undefined) {
      opened.delete(storeKey);
      return undefined;
    }
    const result = await open(storeKey, sealed);
    // Undecryptable (tampered, moved, or sealed by a dropped key) or expired: gone for good.
    if (result === undefined || endsAt(result.record) <= now()) {
      opened.delete(storeKey);
      await store.delete(storeKey);
      return undefined;
    }
    return result.sealedByOlderKey
      ? { storeKey, record: result.record, sealedByOlderKey: true }
      : { storeKey, record: result.record };
  }

  /** Under the lock, so an update already in flight (a refresh, a touch) cannot write the record back. */
  function deleteRecord(storeKey: string): Promise<SessionRecord | undefined> {
    return withLock(storeKey, async () => {
      const last = await read(storeKey);
      await store.delete(storeKey);
      opened.delete(storeKey);
      return last?.record;
    });
  }

  async function indexKeyOf(userUuid: string): Promise<string> {
    return hashId(USER_INDEX_NAMESPACE, userUuid);
  }

  async function readIndex(indexKey: string): Promise<UserIndex> {
    const sealed = await store.get(indexKey);
    const plaintext =
      sealed === undefined ? undefined : await (await keyRing).unseal(sealed, indexKey);
    const parsed =
      plaintext === undefined ? undefined : v.safeParse(UserIndexSchema, safeJson(plaintext));
    return parsed?.success ? parsed.output : { v: 1, keys: [] };
  }

  async function writeIndex(indexKey: string, index: UserIndex): Promise<void> {
    if (index.keys.length === 0) {
      await store.delete(indexKey);
      return;
    }
    // Every session listed ends within one absolute timeout of the latest write.
    const sealed = await (await keyRing).seal(JSON.stringify(index), indexKey);
    await store.set(indexKey, sealed, absoluteSeconds);
  }

  async function addToIndex(session: ActiveSession): Promise<void> {
    const indexKey = await indexKeyOf(session.record.user.uuid);
    await withLock(indexKey, async () => {
      const index = await readIndex(indexKey);
      const live: string[] = [];
      for (const key of index.keys) if ((await store.get(key)) !== undefined) live.push(key);
      live.push(session.storeKey);
      while (live.length > MAX_SESSIONS_PER_USER) {
        const oldest = live.shift();
        if (oldest !== undefined) await deleteRecord(oldest);
      }
      await writeIndex(indexKey, { v: 1, keys: live });
    });
  }

  /**
   * Re-seals a user's index still sealed by an older key. Driven by the touch that re-seals one of their
   * sessions, so the index is never left for the old key to take with it: without it, listing and
   * "sign out everywhere" would find nothing once that key is dropped, while the sessions live on.
   */
  async function resealIndex(userUuid: string): Promise<void> {
    const indexKey = await indexKeyOf(userUuid);
    await withLock(indexKey, async () => {
      const sealed = await store.get(indexKey);
      if (sealed === undefined || !(await keyRing).isSealedByOlderKey(sealed)) return;
      await writeIndex(indexKey, await readIndex(indexKey));
    });
  }

  async function removeFromIndex(userUuid: string, storeKey: string): Promise<void> {
    const indexKey = await indexKeyOf(userUuid);
    await withLock(indexKey, async () => {
      const index = await readIndex(indexKey);
      if (!index.keys.includes(storeKey)) return;
      await writeIndex(indexKey, { v: 1, keys: index.keys.filter((key) => key !== storeKey) });
    });
  }

  async function destroy(storeKey: string): Promise<SessionRecord | undefined> {
    const last = await deleteRecord(storeKey);
    if (last !== undefined) await removeFromIndex(last.user.uuid, storeKey);
    return last;
  }

  return {
    async create(data) {
      const id = createOpaqueId();
      const at = now();
      const session: ActiveSession = {
        storeKey: await hashId(SESSION_NAMESPACE, id),
        record: {
          v: 1,
          ...data,
          createdAt: at,
          lastSeenAt: at,
          absoluteExpiresAt: at + absoluteSeconds * 1000,
        },
      };
      await write(session);
      await addToIndex(session);
      return { id, session };
    },
    async load(rawId) {
      if (!isOpaqueId(rawId)) return undefined;
      return read(await hashId(SESSION_NAMESPACE, rawId));
    },
    update(storeKey, change) {
      return withLock(storeKey, async () => {
        const current = await read(storeKey);
        if (current === undefined) return undefined;
        const next = await change(current);
        if (next === undefined) return current;
        const updated = { storeKey, record: next };
        await write(updated);
        return updated;
      });
    },
    async touch(session) {
      const due = (record: SessionRecord) => now() - record.lastSeenAt >= TOUCH_INTERVAL_MS;
      if (!due(session.record) && session.sealedByOlderKey !== true) return;
      const updated = await this.update(session.storeKey, (current) =>
        due(current.record) || current.sealedByOlderKey === true
          ? { ...current.record, lastSeenAt: now() }
          : undefined,
      );
      if (updated) {
        session.record = updated.record;
        if (session.sealedByOlderKey === true) await resealIndex(updated.record.user.uuid);
        delete session.sealedByOlderKey;
      }
    },
    destroy,
    async destroyById(rawId) {
      if (!isOpaqueId(rawId)) return undefined;
      return destroy(await hashId(SESSION_NAMESPACE, rawId));
    },
    async listForUser(userUuid) {
      const indexKey = await indexKeyOf(userUuid);
      return withLock(indexKey, async () => {
        const index = await readIndex(indexKey);
        const live: ActiveSession[] = [];
        for (const key of index.keys) {
          const session = await read(key);
          // A record under another user's index could only come from a forged index: never list it.
          if (session !== undefined && session.record.user.uuid === userUuid) live.push(session);
        }
        if (live.length !== index.keys.length) {
          await writeIndex(indexKey, { v: 1, keys: live.map((session) => session.storeKey) });
        }
        return live;
      });
    },
    publicHandle,
  };
}

/** 128 bits of SHA-256 over the store key (itself a hash of the cookie): names a session, opens nothing. */
async function publicHandle(storeKey: string): Promise<string> {
  return encodeBase64Url((await sha256(`pail-session-handle:${storeKey}`)).subarray(0, 16));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
