// A SessionStore in one SQLite file (better-sqlite3, WAL): sessions survive restarts of a single-host deployment.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BffError } from '../errors';
import type { SessionStore } from './session-store';
import { createLockRunner } from './store-lock';

export interface SqliteStoreOptions {
  /** The database file; created with its tables when missing. Its directory must exist. */
  path: string;
  /** Clock in milliseconds for record expiry; injected so tests can move time. Locks use real time. */
  now?: () => number;
  /**
   * How long a write waits for another process's write to finish. better-sqlite3 is synchronous, so this
   * blocks the event loop: keep it short. Writes here take microseconds; only a stuck writer waits it out.
   */
  busyTimeoutMs?: number;
}

export interface SqliteSessionStore extends SessionStore {
  close(): Promise<void>;
}

/** Expired records are invisible at once; deleting them is housekeeping, done now and then. */
const SWEEP_EVERY_WRITES = 1_000;
const DEFAULT_BUSY_TIMEOUT_MS = 1_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires_at);
  CREATE TABLE IF NOT EXISTS locks (
    name TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

function unavailable(cause: unknown): BffError {
  return new BffError('store_unavailable', { cause });
}

/** Opens (or creates) the database; throws a plain error naming the path when it cannot be opened. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteSessionStore {
  const now = options.now ?? Date.now;
  let db: Database.Database;
  try {
    db = new Database(options.path, { fileMustExist: false });
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    // WAL: readers never wait for a writer, and two processes on one host can share the file.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  } catch (error) {
    throw new Error(
      `cannot open the SQLite session store at ${options.path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  /** The file this connection opened: if the path later names another file (or none), sessions would vanish. */
  const opened = statSync(options.path);

  const statements = {
    get: db.prepare<[string, number], { value: string }>(
      'SELECT value FROM records WHERE key = ? AND expires_at > ?',
    ),
    set: db.prepare<[string, string, number]>(
      `INSERT INTO records (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare<[string]>('DELETE FROM records WHERE key = ?'),
    take: db.prepare<[string], { value: string; expires_at: number }>(
      'DELETE FROM records WHERE key = ? RETURNING value, expires_at',
    ),
    sweep: db.prepare<[number]>('DELETE FROM records WHERE expires_at <= ?'),
    sweepLocks: db.prepare<[number]>('DELETE FROM locks WHERE expires_at <= ?'),
    // Taken when free or lapsed, in one statement: two processes cannot both see it free.
    acquire: db.prepare<[string, string, number, number]>(
      `INSERT INTO locks (name, token, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
       WHERE locks.expires_at <= ?`,
    ),
    release: db.prepare<[string, string]>('DELETE FROM locks WHERE name = ? AND token = ?'),
  };
  const probe = db.transaction(() => {
    db.prepare('SELECT count(*) FROM locks').get();
  });

  let writes = 0;
  let closed = false;

  /** Runs a statement; a closed, locked or broken database surfaces as `store_unavailable`. */
  function run<T>(work: () => T): Promise<T> {
    try {
      if (closed) throw new Error('the SQLite session store is closed');
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(unavailable(error));
    }
  }

  function sweep(): void {
    statements.sweep.run(now());
    statements.sweepLocks.run(Date.now());
  }
  sweep();

  const withLock = createLockRunner({
    shared: {
      tryAcquire: (name, token, ttlMs) =>
        run(() => {
          const at = Date.now();
          return statements.acquire.run(name, token, at + ttlMs, at).changes === 1;
        }),
      release: (name, token) => run(() => void statements.release.run(name, token)),
    },
  });

  return {
    get: (key) => run(() => statements.get.get(key, now())?.value),
    set: (key, value, ttlSeconds) =>
      run(() => {
        writes += 1;
        if (writes % SWEEP_EVERY_WRITES === 0) sweep();
        statements.set.run(key, value, now() + Math.max(1, ttlSeconds) * 1000);
      }),
    delete: (key) => run(() => void statements.delete.run(key)),
    take: (key) =>
      run(() => {
        const row = statements.take.get(key);
        return row === undefined || row.expires_at <= now() ? undefined : row.value;
      }),
    ping: () =>
      run(() => {
        const current = statSync(options.path, { throwIfNoEntry: false });
        if (current?.ino !== opened.ino || current.dev !== opened.dev) {
          throw new Error(`the database file ${options.path} was removed or replaced`);
        }
        // A write transaction: answers only when this process could store a session right now.
        probe.immediate();
      }),
    withLock,
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
