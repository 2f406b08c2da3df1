// The load phases, shared by `pnpm load` and its short version in `pnpm test`: per store, sign everyone in,
// warm up, measure memory, load, measure again once idle; on Redis, stop Redis mid-load and watch recovery.
import type { RedisServer } from '../../apps/bff/src/testing/redis-server';
import { browse, discoverRepository, sleep } from './browse';
import type { Repository, Sample, VirtualUser } from './browse';
import type { MemoryReading } from './inspector';
import type { StoreKind } from './options';
import { isSignedIn, signIn } from './sign-in';
import type { Person } from './sign-in';
import type { LoadStack, RunningBff } from './stack';
import type { Traffic } from './traffic';
import {
  STORE_DOWN_KIND,
  isError,
  splitAroundOutage,
  summarise,
  unexpectedDuringOutage,
} from './traffic';

export interface LoadSettings {
  sessions: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** How long the BFF is left without requests before memory is read "after". */
  idleSeconds: number;
  outage: {
    /** Load before Redis stops, Redis down, load after it is back; the last `quietSeconds` must be error-free. */
    beforeSeconds: number;
    downSeconds: number;
    afterSeconds: number;
    quietSeconds: number;
  };
}

/** A target: `value` must be at most `limit`; `null` when it could not be measured. */
export interface Target {
  name: string;
  value: number | null;
  limit: number;
  unit: string;
  met: boolean;
}

export interface StoreResult {
  store: StoreKind;
  sessions: number;
  signInSeconds: number;
  traffic: Traffic;
  /**
   * Each after a forced collection but `end`: `warm` after the warm-up; `end` as the load stops; `after`
   * idle, everyone still signed in; `gone` once everyone has signed out.
   */
  memory: { warm: MemoryReading; end: MemoryReading; after: MemoryReading; gone: MemoryReading };
  /** The share the heap in use grew by from `warm` to `gone` (judged), and to `after` (reported). */
  heapGrowth: number;
  idleHeapGrowth: number;
  /** From `warm` to `gone`. */
  rssGrowth: number;
  signedInAfter: number;
  /** Sign-outs answered 2xx. */
  signedOut: number;
  targets: Target[];
}

export interface OutageResult {
  sessions: number;
  /** Seconds since the phase began. */
  stoppedAt: number;
  restartedAt: number;
  readyAt: number;
  /** What `/readyz` answered halfway through the outage. */
  readyzDuringOutage: number;
  before: Traffic;
  during: Traffic;
  after: Traffic;
  /** Errors during the outage other than 503 `store_unavailable`, by kind. */
  unexpectedDuring: Record<string, number>;
  quietSeconds: number;
  errorsInQuietSeconds: number;
  signedInAfter: number;
  targets: Target[];
}

/** Sign-ins at once: enough to be quick, few enough not to be the load being measured. */
const SIGN_IN_CONCURRENCY = 20;
/**
 * The share the heap in use may grow by, from its warm level to once everyone has signed out (after the
 * load, idle, collected). Not while they are signed in: each session's revalidation cache (ADR 026) fills
 * as its owner browses, by design, up to 100 answers a session.
 */
export const HEAP_GROWTH_LIMIT = 0.1;

export function target(name: string, value: number | null, limit: number, unit = ''): Target {
  return {
    name,
    value,
    limit,
    unit,
    met: value !== null && Number.isFinite(value) && value <= limit,
  };
}

/**
 * The seeded people and what each browses: alice and bob, members of acme, its richest repository; carol
 * and dave, who are not, a public one. The BFF keeps at most 50 sessions per person, so four people give
 * at most 200 sessions that are all alive at once.
 */
export const PEOPLE = [
  { account: 'alice', repository: 'acme/widgets' },
  { account: 'bob', repository: 'acme/widgets' },
  { account: 'carol', repository: 'acme/acme-cli' },
  { account: 'dave', repository: 'acme/acme-cli' },
] as const;

/** Person `i`: the people in turn, from an address of 198.18.0.0/15 (RFC 2544, benchmarking only). */
export function person(i: number): Person {
  const who = PEOPLE[i % PEOPLE.length] as (typeof PEOPLE)[number];
  return {
    account: who.account,
    repository: who.repository,
    address: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  };
}

export async function signInEveryone(bffUrl: string, count: number): Promise<VirtualUser[]> {
  const users: VirtualUser[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SIGN_IN_CONCURRENCY, count) }, async () => {
      while (next < count) {
        const i = next++;
        const who = person(i);
        users[i] = { person: who, cookie: await signIn(bffUrl, who) };
      }
    }),
  );
  return users;
}

export async function countSignedIn(bffUrl: string, users: readonly VirtualUser[]) {
  const answers = await Promise.all(
    users.map((user) => isSignedIn(bffUrl, user.person, user.cookie)),
  );
  return answers.filter(Boolean).length;
}

export function storeUrl(kind: StoreKind, redis: RedisServer | undefined, phase: string): string {
  if (kind === 'memory') return 'memory';
  if (redis === undefined) throw new Error('the Redis store needs Redis running');
  // Each phase under its own prefix, so one never reads another's records.
  return `${redis.url}/0?prefix=load-${phase}:`;
}

export interface SignedInBff {
  bff: RunningBff;
  users: VirtualUser[];
  repositories: Map<string, Repository>;
  signInSeconds: number;
}

/** Starts a BFF on the store and signs everyone in. */
export async function startSignedIn(
  stack: LoadStack,
  store: string,
  sessions: number,
): Promise<SignedInBff> {
  const bff = await stack.startBff(store);
  try {
    const started = performance.now();
    const users = await signInEveryone(bff.url, sessions);
    const signInSeconds = (performance.now() - started) / 1000;
    const repositories = new Map<string, Repository>();
    for (const user of users) {
      const name = user.person.repository;
      if (!repositories.has(name)) repositories.set(name, await discoverRepository(bff.url, user));
    }
    return { bff, users, repositories, signInSeconds };
  } catch (error) {
    await bff.stop();
    throw new Error(`${(error as Error).message}\n${bff.output().join('\n')}`, { cause: error });
  }
}

async function load(signedIn: SignedInBff, seconds: number, seed: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const origin = performance.now();
  await browse({
    bffUrl: signedIn.bff.url,
    users: signedIn.users,
    repositories: signedIn.repositories,
    origin,
    until: origin + seconds * 1000,
    samples,
    seed,
  });
  return samples;
}

/** One store: warm up, read memory, load, read memory, idle, collect garbage, read memory, check sessions. */
async function signOutEveryone(bffUrl: string, users: readonly VirtualUser[]): Promise<number> {
  const answers = await Promise.all(
    users.map(async (user) => {
      const response = await fetch(`${bffUrl}/bff/logout`, {
        method: 'POST',
        headers: { Cookie: user.cookie, 'X-CSRF': '1', 'X-Forwarded-For': user.person.address },
        redirect: 'manual',
      });
      await response.body?.cancel();
      return response.status;
    }),
  );
  return answers.filter((status) => status >= 200 && status < 300).length;
}

/**
 * One store: warm up, read memory, load, read memory, idle, collect garbage, read memory, check sessions;
 * then `beforeSignOut` (the outage, on Redis), then everyone signs out and memory is read once more.
 */
export async function runStore(
  store: StoreKind,
  signedIn: SignedInBff,
  settings: LoadSettings,
  beforeSignOut?: () => Promise<void>,
): Promise<StoreResult> {
  const { inspector } = signedIn.bff;
  await load(signedIn, settings.warmupSeconds, 1);
  await sleep(settings.idleSeconds * 1000);
  const warm = await inspector.memory({ collectGarbage: true });
  const started = performance.now();
  const samples = await load(signedIn, settings.durationSeconds, 2);
  const seconds = (performance.now() - started) / 1000;
  const end = await inspector.memory({ collectGarbage: false });
  await sleep(settings.idleSeconds * 1000);
  const after = await inspector.memory({ collectGarbage: true });
  const signedInAfter = await countSignedIn(signedIn.bff.url, signedIn.users);
  await beforeSignOut?.();
  const signedOut = await signOutEveryone(signedIn.bff.url, signedIn.users);
  await sleep(settings.idleSeconds * 1000);
  const gone = await inspector.memory({ collectGarbage: true });
  const traffic = summarise(samples, seconds);
  const heapGrowth = gone.heapUsed / warm.heapUsed - 1;
  return {
    store,
    sessions: signedIn.users.length,
    signInSeconds: signedIn.signInSeconds,
    traffic,
    memory: { warm, end, after, gone },
    heapGrowth,
    idleHeapGrowth: after.heapUsed / warm.heapUsed - 1,
    rssGrowth: gone.rss / warm.rss - 1,
    signedInAfter,
    signedOut,
    targets: [
      target('errors', traffic.errors, 0),
      target('sessions lost', signedIn.users.length - signedInAfter, 0),
      target(
        'heap in use once everyone signed out, over warm',
        heapGrowth * 100,
        HEAP_GROWTH_LIMIT * 100,
        '%',
      ),
    ],
  };
}

async function waitUntilReady(bffUrl: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const status = await fetch(`${bffUrl}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (performance.now() > deadline)
      throw new Error('the BFF was not ready 30 s after Redis came back');
    await sleep(50);
  }
}

/** Under load: stop Redis (a clean shutdown, AOF on disk), start it again, then load on until the end. */
export async function runOutage(
  signedIn: SignedInBff,
  redis: RedisServer,
  settings: LoadSettings['outage'],
): Promise<OutageResult> {
  const bffUrl = signedIn.bff.url;
  const total = settings.beforeSeconds + settings.downSeconds + settings.afterSeconds;
  const samples: Sample[] = [];
  const origin = performance.now();
  const since = () => performance.now() - origin;
  const running = browse({
    bffUrl,
    users: signedIn.users,
    repositories: signedIn.repositories,
    origin,
    until: origin + total * 1000,
    samples,
    seed: 3,
  });
  let stoppedAt: number;
  let restartedAt: number;
  let readyAt: number;
  let readyzDuringOutage: number;
  try {
    await sleep(settings.beforeSeconds * 1000);
    stoppedAt = since();
    await redis.stop();
    await sleep((settings.downSeconds * 1000) / 2);
    readyzDuringOutage = (await fetch(`${bffUrl}/readyz`)).status;
    await sleep(Math.max(0, stoppedAt + settings.downSeconds * 1000 - since()));
    restartedAt = since();
    await redis.start();
    await waitUntilReady(bffUrl);
    readyAt = since();
  } finally {
    // Whatever failed above, Redis is left running and the users are let finish.
    await redis.start();
    await running;
  }
  const seconds = since() / 1000;
  const split = splitAroundOutage(samples, stoppedAt, readyAt);
  const quietFrom = (total - settings.quietSeconds) * 1000;
  const errorsInQuietSeconds = samples.filter((s) => s.start >= quietFrom && isError(s)).length;
  const signedInAfter = await countSignedIn(bffUrl, signedIn.users);
  const before = summarise(split.before, stoppedAt / 1000);
  const during = summarise(split.during, (readyAt - stoppedAt) / 1000);
  const after = summarise(split.after, seconds - readyAt / 1000);
  const unexpectedDuring = unexpectedDuringOutage(split.during);
  const unexpected = Object.values(unexpectedDuring).reduce((sum, n) => sum + n, 0);
  return {
    sessions: signedIn.users.length,
    stoppedAt: stoppedAt / 1000,
    restartedAt: restartedAt / 1000,
    readyAt: readyAt / 1000,
    readyzDuringOutage,
    before,
    during,
    after,
    unexpectedDuring,
    quietSeconds: settings.quietSeconds,
    errorsInQuietSeconds,
    signedInAfter,
    targets: [
      target('errors before the outage', before.errors, 0),
      target(`errors during the outage other than ${STORE_DOWN_KIND}`, unexpected, 0),
      target('errors once the BFF was ready again', after.errors, 0),
      target(`errors in the last ${settings.quietSeconds} s`, errorsInQuietSeconds, 0),
      target('sessions lost', signedIn.users.length - signedInAfter, 0),
    ],
  };
}
