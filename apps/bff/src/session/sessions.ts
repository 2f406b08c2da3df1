// Server-side sessions: sealed records keyed by the hash of an opaque cookie id, with idle and absolute limits.
import * as v from 'valibot';
import { AuthMethodSchema, SessionUserSchema } from '@pail/shared';
import { createOpaqueId, hashId, isOpaqueId } from '../crypto/random';
import type { KeyRing } from '../crypto/seal';
import type { SessionStore } from './session-store';

const SESSION_NAMESPACE = 'session';
/** Writing `lastSeenAt` on every request would turn each read into a write; a minute of slack is enough. */
const TOUCH_INTERVAL_MS = 60_000;

const SessionRecordSchema = v.object({
  v: v.literal(1),
  user: SessionUserSchema,
  authMethod: AuthMethodSchema,
  scopes: v.array(v.string()),
  accessToken: v.pipe(v.string(), v.minLength(1)),
  refreshToken: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Epoch ms. */
  accessTokenExpiresAt: v.number(),
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
}

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
  /** Records activity for the idle timeout (at most one write a minute). */
  touch(session: ActiveSession): Promise<void>;
  /** Deletes the record once any update in flight has finished, so nothing can write it back. */
  destroy(storeKey: string): Promise<void>;
  destroyById(rawId: string | undefined): Promise<void>;
}

export interface SessionManagerOptions {
  store: SessionStore;
  keyRing: Promise<KeyRing>;
  now: () => number;
  idleSeconds: number;
  absoluteSeconds: number;
}

export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, keyRing, now, idleSeconds, absoluteSeconds } = options;

  const locks = new Map<string, Promise<unknown>>();

  /** Serialises writers of one session inside this process (a shared store would need a shared lock). */
  async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (locks.get(key) === tail) locks.delete(key);
    }
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
    if (sealed === undefined) return undefined;
    const plaintext = await (await keyRing).unseal(sealed, storeKey);
    const parsed =
      plaintext === undefined ? undefined : v.safeParse(SessionRecordSchema, safeJson(plaintext));
    // Undecryptable (tampered, moved, or sealed by a dropped key) or expired: gone for good.
    if (!parsed?.success || endsAt(parsed.output) <= now()) {
      await store.delete(storeKey);
      return undefined;
    }
    return { storeKey, record: parsed.output };
  }

  /** Under the lock, so an update already in flight (a refresh, a touch) cannot write the record back. */
  async function destroy(storeKey: string): Promise<void> {
    await withLock(storeKey, () => store.delete(storeKey));
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
      if (now() - session.record.lastSeenAt < TOUCH_INTERVAL_MS) return;
      const updated = await this.update(session.storeKey, (current) =>
        now() - current.record.lastSeenAt < TOUCH_INTERVAL_MS
          ? undefined
          : { ...current.record, lastSeenAt: now() },
      );
      if (updated) session.record = updated.record;
    },
    destroy,
    async destroyById(rawId) {
      if (!isOpaqueId(rawId)) return;
      await destroy(await hashId(SESSION_NAMESPACE, rawId));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
