// Where sealed session and login-transaction records live: a tiny key-value interface with TTLs.

/**
 * Values are opaque sealed strings; keys are hashes, never raw ids. A store may drop a record early
 * or keep it past its TTL (some drivers ignore TTL), so callers also keep the expiry inside the record.
 */
export interface SessionStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Reads and deletes in one atomic step (Redis `GETDEL`), so a single-use record is handed out once. */
  take(key: string): Promise<string | undefined>;
  /** Resolves when the store can serve requests; rejects otherwise (used by `/readyz`). */
  ping(): Promise<void>;
  /**
   * Runs `task` while holding an exclusive lock named `name` across every process sharing this store
   * (in-process for the memory store). The lock lapses after `ttlMs` even if its holder crashed, so no
   * session can be blocked forever; callers keep their critical sections well inside it.
   */
  withLock<T>(name: string, ttlMs: number, task: () => Promise<T>): Promise<T>;
}
