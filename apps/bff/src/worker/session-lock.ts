// The Durable Object behind the Workers session store: one per store key, the authority for its record and lock.
import { DurableObject } from 'cloudflare:workers';

/** A record as the object keeps it: the sealed value and when it stops being served (epoch ms). */
interface StoredRecord {
  value: string;
  expiresAt: number;
}

interface HeldLock {
  token: string;
  expiresAt: number;
}

const RECORD = 'record';
const LOCK = 'lock';

/**
 * Cloudflare runs exactly one instance of each named object, and its storage calls are serialised by the
 * runtime's input gates: a read followed by a write here is atomic with respect to every other request,
 * wherever in the world it came from. That is what KV alone cannot give, so everything that needs it —
 * reads under a lock, single-use `take`, the lock itself — goes through the object named after the key.
 */
export class SessionLock extends DurableObject {
  async read(): Promise<string | undefined> {
    const record = await this.liveRecord();
    return record?.value;
  }

  async write(value: string, ttlMs: number): Promise<void> {
    const expiresAt = Date.now() + ttlMs;
    await this.ctx.storage.put<StoredRecord>(RECORD, { value, expiresAt });
    await this.scheduleCleanup();
  }

  async remove(): Promise<void> {
    await this.ctx.storage.delete(RECORD);
    await this.scheduleCleanup();
  }

  /** Reads and deletes in one step: two callers racing with the same key get the value at most once. */
  async take(): Promise<string | undefined> {
    const record = await this.liveRecord();
    await this.ctx.storage.delete(RECORD);
    await this.scheduleCleanup();
    return record?.value;
  }

  /** Takes the lock for `ttlMs` unless a live holder has it; a holder that crashed loses it at expiry. */
  async tryAcquire(token: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = await this.ctx.storage.get<HeldLock>(LOCK);
    if (held !== undefined && held.expiresAt > now) return false;
    await this.ctx.storage.put<HeldLock>(LOCK, { token, expiresAt: now + ttlMs });
    await this.scheduleCleanup();
    return true;
  }

  /** Frees the lock only for the token that holds it, so a lapsed holder cannot free its successor's. */
  async release(token: string): Promise<void> {
    const held = await this.ctx.storage.get<HeldLock>(LOCK);
    if (held?.token === token) await this.ctx.storage.delete(LOCK);
    await this.scheduleCleanup();
  }

  /** Storage is billed while it exists: once the record and the lock have both lapsed, nothing is kept. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const record = await this.ctx.storage.get<StoredRecord>(RECORD);
    const lock = await this.ctx.storage.get<HeldLock>(LOCK);
    if ((record?.expiresAt ?? 0) <= now && (lock?.expiresAt ?? 0) <= now) {
      await this.ctx.storage.deleteAll();
      return;
    }
    await this.scheduleCleanup();
  }

  private async liveRecord(): Promise<StoredRecord | undefined> {
    const record = await this.ctx.storage.get<StoredRecord>(RECORD);
    return record !== undefined && record.expiresAt > Date.now() ? record : undefined;
  }

  /** One alarm, at the latest expiry among what is stored; none when nothing is. */
  private async scheduleCleanup(): Promise<void> {
    const record = await this.ctx.storage.get<StoredRecord>(RECORD);
    const lock = await this.ctx.storage.get<HeldLock>(LOCK);
    const latest = Math.max(record?.expiresAt ?? 0, lock?.expiresAt ?? 0);
    if (latest === 0) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    await this.ctx.storage.setAlarm(Math.max(latest, Date.now()));
  }
}
