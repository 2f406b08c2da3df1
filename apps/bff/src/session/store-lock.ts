// Named locks with an expiry for session stores: an in-process queue in front of an optional shared lock.
import { BffError } from '../errors';

/** How a store takes and gives back a lock other processes see (Redis `SET NX PX`, a SQLite row). */
export interface SharedLock {
  /** Takes `name` for `ttlMs` unless someone holds it; resolves to whether it was taken. */
  tryAcquire(name: string, token: string, ttlMs: number): Promise<boolean>;
  /** Gives `name` back only if `token` still holds it: a lapsed holder never frees its successor's lock. */
  release(name: string, token: string): Promise<void>;
}

export interface LockRunnerOptions {
  /** Absent for a store only one process uses: the in-process queue is then the whole lock. */
  shared?: SharedLock;
  /**
   * How long a caller waits for a lock before giving up with `store_unavailable`. A crashed holder's lock
   * lapses within its TTL, so waiting somewhat longer than that only fails when the store itself is stuck.
   */
  maxWaitMs?: (ttlMs: number) => number;
}

export type WithLock = <T>(name: string, ttlMs: number, task: () => Promise<T>) => Promise<T>;

/** Polling starts fast (a lock is usually held for a few round trips) and backs off to this. */
const MAX_POLL_MS = 50;
const FIRST_POLL_MS = 4;
const DEFAULT_EXTRA_WAIT_MS = 2_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function lockBusy(): BffError {
  return new BffError('store_unavailable', {
    message: 'The session is busy; try again shortly.',
    headers: { 'Retry-After': '1' },
  });
}

interface Holder {
  letGo: () => void;
  lapsesAt: number;
  lapse?: ReturnType<typeof setTimeout>;
}

/** One name's queue in this process. */
interface Queue {
  /** Resolves when the last caller in line has let go (or lapsed). */
  tail: Promise<void>;
  /** Callers waiting behind the holder. */
  waiting: number;
  holder: Holder | undefined;
}

/** A holder's lapse only matters to someone waiting: the timer is armed once someone is. */
function armLapse(holder: Holder): void {
  holder.lapse ??= setTimeout(holder.letGo, Math.max(0, holder.lapsesAt - Date.now()));
}

/**
 * Callers in one process queue in order, so only the head of each queue polls the shared lock: a burst of
 * requests on one instance costs one shared acquisition at a time, not a storm of polls. A holder that
 * never finishes lets the queue move on after `ttlMs`, exactly as its shared lock lapses.
 */
export function createLockRunner(options: LockRunnerOptions = {}): WithLock {
  const { shared } = options;
  const maxWaitMs = options.maxWaitMs ?? ((ttlMs: number) => ttlMs + DEFAULT_EXTRA_WAIT_MS);
  const queues = new Map<string, Queue>();

  async function waitForTurn(previous: Promise<void>, deadline: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([previous.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function acquireShared(
    lock: SharedLock,
    name: string,
    token: string,
    ttlMs: number,
    deadline: number,
  ) {
    let delay = FIRST_POLL_MS;
    for (;;) {
      if (await lock.tryAcquire(name, token, ttlMs)) return;
      const left = deadline - Date.now();
      if (left <= 0) throw lockBusy();
      // Jitter, so waiters on several instances do not poll in step.
      await sleep(Math.min(left, delay * (0.5 + Math.random())));
      delay = Math.min(MAX_POLL_MS, delay * 2);
    }
  }

  return async function withLock<T>(name: string, ttlMs: number, task: () => Promise<T>) {
    const deadline = Date.now() + maxWaitMs(ttlMs);
    let queue = queues.get(name);
    const previous = queue?.tail;
    let letGo!: () => void;
    const mine = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const tail = previous === undefined ? mine : previous.then(() => mine);
    if (queue === undefined) {
      queue = { tail, waiting: 0, holder: undefined };
      queues.set(name, queue);
    } else {
      queue.tail = tail;
    }
    const line = queue;
    void tail.then(() => {
      if (queues.get(name) === line && line.tail === tail) queues.delete(name);
    });

    const token = shared === undefined ? '' : crypto.randomUUID();
    let holder: Holder | undefined;
    try {
      // Nobody ahead (the usual case): no timer, no race.
      if (previous !== undefined) {
        line.waiting += 1;
        if (line.holder !== undefined) armLapse(line.holder);
        let turn: boolean;
        try {
          turn = await waitForTurn(previous, deadline);
        } finally {
          line.waiting -= 1;
        }
        if (!turn) throw lockBusy();
      }
      if (shared !== undefined) await acquireShared(shared, name, token, ttlMs, deadline);
      holder = { letGo, lapsesAt: Date.now() + ttlMs };
      line.holder = holder;
      if (line.waiting > 0) armLapse(holder);
      return await task();
    } finally {
      if (holder !== undefined) {
        clearTimeout(holder.lapse);
        if (line.holder === holder) line.holder = undefined;
      }
      letGo();
      // A failed release only leaves the lock to lapse by its TTL; the task's own outcome stands.
      if (holder !== undefined && shared !== undefined) {
        await shared.release(name, token).catch(() => undefined);
      }
    }
  };
}
