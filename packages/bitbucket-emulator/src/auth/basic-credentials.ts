// Basic credentials (FACTS.md §2): Atlassian API tokens with granular scopes, and app passwords (removed 2026-07-28).
import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { SeedUser } from '../seed/model';
import { randomToken } from '../oauth/random-token';

/** API tokens live at most a year. */
export const API_TOKEN_MAX_TTL_MS = 365 * 24 * 60 * 60_000;

/** Whether app passwords are refused as on Bitbucket since 2026-07-28, or accepted as before. */
export type AppPasswordMode = 'removed' | 'accepted';

export interface ApiTokenRecord {
  /** Public identifier, used by the controls to revoke the token; never the secret. */
  id: string;
  token: string;
  nickname: string;
  /** Granular scopes (`read:repository:bitbucket`, …); empty for an unscoped token. */
  scopes: readonly string[];
  /** Slug of the one workspace the token is limited to, if any. */
  workspace: string | undefined;
  expiresAt: number;
  revoked: boolean;
}

export interface AppPasswordRecord {
  nickname: string;
  password: string;
  /** Classic scopes, ticked when the app password was created. */
  scopes: readonly string[];
}

export interface NewApiToken {
  nickname: string;
  scopes: readonly string[];
  workspace?: string;
  /** Absolute expiry in epoch milliseconds. Default: a year from now. */
  expiresAt?: number;
}

/** A seeded API token as published to tests and development: who uses it, how, and what it may do. */
export interface SeedApiToken {
  id: string;
  nickname: string;
  /** The Atlassian account email to send as the Basic user name. */
  email: string;
  token: string;
  scopes: readonly string[];
  workspace?: string;
  /** Expired from the start (it expired a day before the emulator started). */
  expired?: boolean;
}

const ALICE_EMAIL = 'alice.marchetti@acme.example';
const BOB_EMAIL = 'bob.okafor@acme.example';

/** The four read scopes a repository browser needs. */
export const READ_SCOPES = [
  'read:user:bitbucket',
  'read:workspace:bitbucket',
  'read:repository:bitbucket',
  'read:pullrequest:bitbucket',
] as const;

/** A deterministic, Atlassian-looking token (`ATATT…`), so development and tests can share it. */
const seedToken = (name: string): string =>
  `ATATT3xFfGF0${Buffer.from(`pail-emulator-api-token:${name}`).toString('base64url')}`;

/**
 * The seeded API tokens (Basic `email:token`). Valid ones expire a year after the emulator starts or is
 * reset; `aliceExpired` expired the day before.
 */
export const SEED_API_TOKENS = {
  /** alice, the four read scopes. */
  aliceRead: {
    id: 'alice-read',
    nickname: 'alice',
    email: ALICE_EMAIL,
    token: seedToken('alice-read'),
    scopes: [...READ_SCOPES],
  },
  /** alice, without `read:pullrequest:bitbucket`: pull request endpoints answer 403. */
  aliceNoPullrequests: {
    id: 'alice-no-pullrequests',
    nickname: 'alice',
    email: ALICE_EMAIL,
    token: seedToken('alice-no-pullrequests'),
    scopes: READ_SCOPES.filter((s) => s !== 'read:pullrequest:bitbucket'),
  },
  /** alice, the read scopes, but expired: 401. */
  aliceExpired: {
    id: 'alice-expired',
    nickname: 'alice',
    email: ALICE_EMAIL,
    token: seedToken('alice-expired'),
    scopes: [...READ_SCOPES],
    expired: true,
  },
  /** alice, the read scopes, limited to the `acme` workspace. */
  aliceAcmeOnly: {
    id: 'alice-acme-only',
    nickname: 'alice',
    email: ALICE_EMAIL,
    token: seedToken('alice-acme-only'),
    scopes: [...READ_SCOPES],
    workspace: 'acme',
  },
  /** alice, a token created without scopes: 401 on every endpoint. */
  aliceUnscoped: {
    id: 'alice-unscoped',
    nickname: 'alice',
    email: ALICE_EMAIL,
    token: seedToken('alice-unscoped'),
    scopes: [],
  },
  /** bob, the four read scopes. */
  bobRead: {
    id: 'bob-read',
    nickname: 'bob',
    email: BOB_EMAIL,
    token: seedToken('bob-read'),
    scopes: [...READ_SCOPES],
  },
} as const satisfies Record<string, SeedApiToken>;

/** The seeded app passwords (Basic `nickname:password`, classic scopes); 401 unless app passwords are accepted. */
export const SEED_APP_PASSWORDS = {
  alice: {
    nickname: 'alice',
    password: 'ATBBpailAliceAppPassword0123456789',
    scopes: ['account', 'repository', 'pullrequest'],
  },
} as const satisfies Record<string, AppPasswordRecord>;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** In-memory API tokens and app passwords, seeded on creation and on `reset()`. */
export class CredentialStore {
  private apiTokens: ApiTokenRecord[] = [];
  private appPasswords: AppPasswordRecord[] = [];

  constructor(private readonly now: () => number) {
    this.reset();
  }

  reset(): void {
    const now = this.now();
    this.apiTokens = Object.values(SEED_API_TOKENS).map((seed: SeedApiToken) => ({
      id: seed.id,
      token: seed.token,
      nickname: seed.nickname,
      scopes: [...seed.scopes],
      workspace: seed.workspace,
      expiresAt: seed.expired ? now - 24 * 60 * 60_000 : now + API_TOKEN_MAX_TTL_MS,
      revoked: false,
    }));
    this.appPasswords = Object.values(SEED_APP_PASSWORDS).map((seed) => ({
      ...seed,
      scopes: [...seed.scopes],
    }));
  }

  createApiToken(input: NewApiToken): ApiTokenRecord {
    const record: ApiTokenRecord = {
      id: randomToken(9),
      token: `ATATT3xFfGF0${randomToken(144)}`,
      nickname: input.nickname,
      scopes: [...input.scopes],
      workspace: input.workspace,
      expiresAt: input.expiresAt ?? this.now() + API_TOKEN_MAX_TTL_MS,
      revoked: false,
    };
    this.apiTokens.push(record);
    return record;
  }

  /** Revokes the API token with this id; false when there is none. */
  revokeApiToken(id: string): boolean {
    const record = this.apiTokens.find((t) => t.id === id);
    if (!record) return false;
    record.revoked = true;
    return true;
  }

  /** The live API token `secret` of `user`, or why it is refused. */
  checkApiToken(
    user: SeedUser,
    secret: string,
  ): { ok: true; record: ApiTokenRecord } | { ok: false } {
    const record = this.apiTokens.find(
      (t) => t.nickname === user.nickname && sameSecret(t.token, secret),
    );
    if (!record || record.revoked || this.now() >= record.expiresAt) return { ok: false };
    return { ok: true, record };
  }

  checkAppPassword(nickname: string, secret: string): AppPasswordRecord | undefined {
    return this.appPasswords.find((p) => p.nickname === nickname && sameSecret(p.password, secret));
  }
}
