// Per-session memory of Bitbucket's last answer and its ETag, so a repeated GET is revalidated and a 304 answered here.
import type { SessionManager, SessionRecord } from '../session/sessions';

export interface RevalidationLimits {
  /** Bodies larger than this are never kept. */
  maxEntryBytes: number;
  /** Answers kept per session; the least recently used goes first. */
  maxEntriesPerSession: number;
  /** Bytes kept across every session of this instance; the least recently used goes first. */
  maxTotalBytes: number;
  /** An answer not used for this long is dropped. */
  idleMs: number;
}

export const DEFAULT_REVALIDATION_LIMITS: RevalidationLimits = {
  maxEntryBytes: 256 * 1024,
  maxEntriesPerSession: 100,
  maxTotalBytes: 32 * 1024 * 1024,
  idleMs: 15 * 60_000,
};

/** One kept answer: exactly what the browser was sent, and the tag to ask Bitbucket about it with. */
export interface CachedAnswer {
  etag: string;
  /** The relayed (and hardened) response headers, as sent the first time. */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Uint8Array<ArrayBuffer>;
}

interface Entry extends CachedAnswer {
  storeKey: string;
  bytes: number;
  usedAt: number;
}

interface Owner {
  userUuid: string;
  createdAt: number;
  keys: Set<string>;
}

export interface RevalidationCache {
  /** The answer kept for this session and request, if any (and not idle too long). */
  get(storeKey: string, request: string): CachedAnswer | undefined;
  /** Keeps an answer for this session and request, replacing any before it; too large ones are not kept. */
  set(
    session: { storeKey: string; record: SessionRecord },
    request: string,
    answer: CachedAnswer,
  ): void;
  /** Forgets what was kept for this session and request (Bitbucket answered something else). */
  delete(storeKey: string, request: string): void;
  /** Forgets everything kept for one session. */
  forgetSession(storeKey: string): void;
  /** Forgets everything kept for the session a record belongs to (found by user and creation time). */
  forgetRecord(record: SessionRecord): void;
  /** Figures for tests and benchmarks. */
  stats(): { entries: number; bytes: number; sessions: number };
}

/** The part of a request that selects Bitbucket's representation: path, query and `Accept`. */
export function revalidationKey(
  target: { path: string; search: string },
  accept: string | undefined,
): string {
  // Neither part can hold a newline (the allowlist refuses control characters; header values cannot carry one).
  return `${accept ?? ''}\n${target.path}${target.search}`;
}

export function createRevalidationCache(
  now: () => number,
  limits: RevalidationLimits = DEFAULT_REVALIDATION_LIMITS,
): RevalidationCache {
  /** Every entry, least recently used first (a Map iterates in insertion order; use re-inserts). */
  const entries = new Map<string, Entry>();
  const owners = new Map<string, Owner>();
  let totalBytes = 0;

  function compositeKey(storeKey: string, request: string): string {
    return `${storeKey}\n${request}`;
  }

  function remove(key: string): void {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
    const owner = owners.get(entry.storeKey);
    owner?.keys.delete(key);
    if (owner?.keys.size === 0) owners.delete(entry.storeKey);
  }

  function forgetSession(storeKey: string): void {
    const owner = owners.get(storeKey);
    if (owner === undefined) return;
    for (const key of [...owner.keys]) remove(key);
  }

  /** Drops idle entries from the old end, then the least recently used until the totals fit. */
  function trim(): void {
    const oldest = now() - limits.idleMs;
    for (const [key, entry] of entries) {
      if (entry.usedAt > oldest && totalBytes <= limits.maxTotalBytes) break;
      remove(key);
    }
  }

  return {
    get(storeKey, request) {
      const key = compositeKey(storeKey, request);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.usedAt <= now() - limits.idleMs) {
        remove(key);
        return undefined;
      }
      entry.usedAt = now();
      // Most recently used last, both overall and within the session.
      entries.delete(key);
      entries.set(key, entry);
      const keys = owners.get(storeKey)?.keys;
      keys?.delete(key);
      keys?.add(key);
      return entry;
    },

    set(session, request, answer) {
      const key = compositeKey(session.storeKey, request);
      remove(key);
      let bytes = answer.body.byteLength + key.length + answer.etag.length;
      for (const [name, value] of answer.headers) bytes += name.length + value.length;
      if (answer.body.byteLength > limits.maxEntryBytes || bytes > limits.maxTotalBytes) return;
      const owner = owners.get(session.storeKey) ?? {
        userUuid: session.record.user.uuid,
        createdAt: session.record.createdAt,
        keys: new Set<string>(),
      };
      owners.set(session.storeKey, owner);
      // A copy: the caller's buffer goes on to the browser and must not be shared with what is kept.
      entries.set(key, {
        etag: answer.etag,
        headers: answer.headers.map(([name, value]) => [name, value] as const),
        body: answer.body.slice(),
        storeKey: session.storeKey,
        bytes,
        usedAt: now(),
      });
      owner.keys.add(key);
      totalBytes += bytes;
      while (owner.keys.size > limits.maxEntriesPerSession) {
        const first = owner.keys.values().next();
        if (first.done) break;
        remove(first.value);
      }
      trim();
    },

    delete(storeKey, request) {
      remove(compositeKey(storeKey, request));
    },

    forgetSession,

    forgetRecord(record) {
      for (const [storeKey, owner] of owners) {
        if (owner.userUuid === record.user.uuid && owner.createdAt === record.createdAt) {
          forgetSession(storeKey);
        }
      }
    },

    stats() {
      return { entries: entries.size, bytes: totalBytes, sessions: owners.size };
    },
  };
}

/**
 * The session manager with every way a session ends on this instance also dropping what the cache kept for
 * it. Sessions ended elsewhere (another instance, expiry) leave entries nobody can reach: only a request
 * with that session's cookie could, and they go when idle or crowded out.
 */
export function forgetCachedAnswersOnEnd(
  sessions: SessionManager,
  cache: RevalidationCache,
): SessionManager {
  return {
    ...sessions,
    async destroy(storeKey) {
      cache.forgetSession(storeKey);
      const last = await sessions.destroy(storeKey);
      cache.forgetSession(storeKey);
      return last;
    },
    async destroyById(rawId) {
      const last = await sessions.destroyById(rawId);
      if (last !== undefined) cache.forgetRecord(last);
      return last;
    },
  };
}
