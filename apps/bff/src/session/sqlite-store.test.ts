import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appOverStore } from '../testing/app-over-store';
import { describeSessionStoreContract } from './session-store.contract';
import { createSqliteStore, type SqliteSessionStore } from './sqlite-store';

const directories: string[] = [];
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function databasePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pail-sqlite-'));
  directories.push(dir);
  return join(dir, 'sessions.db');
}

describeSessionStoreContract(
  'createSqliteStore',
  () => {
    const path = databasePath();
    let now = Date.UTC(2026, 9, 1);
    // Each client is its own connection to the file, as two BFF processes on one host would open it.
    const clients: SqliteSessionStore[] = [];
    return {
      open: () => {
        const store = createSqliteStore({ path, now: () => now });
        clients.push(store);
        return store;
      },
      elapse: async (ms) => {
        now += ms;
      },
      loseBackend: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      },
      dispose: async () => {
        for (const store of clients) await store.close();
      },
    };
  },
  { backendCanFail: true },
);

describe('createSqliteStore', () => {
  it('keeps sessions across a restart of the process that wrote them', async () => {
    const path = databasePath();
    const first = createSqliteStore({ path });
    await first.set('session:a', 'sealed', 600);
    await first.close();
    const second = createSqliteStore({ path });
    expect(await second.get('session:a')).toBe('sealed');
    await second.close();
  });

  it('sweeps expired rows as writes go by, so abandoned records do not pile up', async () => {
    const path = databasePath();
    let now = 0;
    const store = createSqliteStore({ path, now: () => now });
    for (let i = 0; i < 500; i += 1) await store.set(`login:abandoned-${i}`, 'x', 1);
    now = 10_000;
    for (let i = 0; i < 500; i += 1) await store.set(`login:live-${i}`, 'x', 100);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM records').get()).toEqual({ n: 500 });
    db.close();
  });

  it('stores only what it is given: hashed keys and sealed values', async () => {
    const path = databasePath();
    const store = createSqliteStore({ path });
    await store.set('session:9f86d081', 'v1.kid.iv.ciphertext', 600);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT key, value FROM records').all()).toEqual([
      { key: 'session:9f86d081', value: 'v1.kid.iv.ciphertext' },
    ]);
    db.close();
  });

  it('refuses to start on a path it cannot open, naming the path', () => {
    const path = join(databasePath(), 'no-such-directory', 'sessions.db');
    expect(() => createSqliteStore({ path })).toThrow(
      `cannot open the SQLite session store at ${path}`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it('answers every call with store_unavailable once closed', async () => {
    const store = createSqliteStore({ path: databasePath() });
    await store.close();
    await expect(store.get('session:a')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});

describe('GET /readyz on a SQLite store', () => {
  it('answers 503 JSON while another process holds the database locked, and 200 once it lets go', async () => {
    const path = databasePath();
    const store = createSqliteStore({ path, busyTimeoutMs: 50 });
    const { app, logger } = appOverStore(store);
    expect((await app.request('/readyz')).status).toBe(200);

    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    const refused = await app.request('/readyz');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'store_unavailable' } });
    other.exec('COMMIT');
    other.close();

    const back = await app.request('/readyz');
    expect(back.status).toBe(200);
    expect(await back.json()).toEqual({ status: 'ok', checks: { store: 'ok' } });
    expect(logger.events()).toContain('readiness.failed');
    await store.close();
  });

  it('answers 503 once the database file is deleted under it', async () => {
    const path = databasePath();
    const store = createSqliteStore({ path });
    const { app } = appOverStore(store);
    rmSync(path);
    expect((await app.request('/readyz')).status).toBe(503);
    await store.close();
  });
});
