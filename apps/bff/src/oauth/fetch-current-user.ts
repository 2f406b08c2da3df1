// Who the access token belongs to: Bitbucket's `GET /2.0/user`, reduced to the session's user shape.
import * as v from 'valibot';
import type { SessionUser } from '@pail/shared';
import type { User } from '@pail/shared/bitbucket';
import { limitResponseBody } from './bounded-body';
import type { FetchLike } from './oauth-client';
import { isTimeout } from './oauth-client';

const AccountSchema = v.object({
  uuid: v.pipe(v.string(), v.minLength(1)),
  display_name: v.string(),
  nickname: v.optional(v.string()),
  account_id: v.optional(v.string()),
  links: v.optional(v.object({ avatar: v.optional(v.object({ href: v.optional(v.string()) })) })),
});

/** Compile-time proof that the fields read here are the ones Atlassian's `user` schema describes. */
const _readsUserFields = (account: v.InferOutput<typeof AccountSchema>): Partial<User> => account;

/**
 * The response header naming the scopes the credentials carry. Bitbucket sends it to OAuth callers; for
 * Basic credentials (API tokens) it may be absent, and then the scopes are simply unknown.
 */
export const GRANTED_SCOPES_HEADER = 'X-OAuth-Scopes';

export class CurrentUserError extends Error {
  readonly kind: 'rejected' | 'unavailable' | 'timeout';
  /** Bitbucket's status when it answered (401 bad credentials, 403 a kind of token that has no user…). */
  readonly status: number | undefined;
  /** Seconds from Bitbucket's `Retry-After` on a 429, when it sent a usable one. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    kind: CurrentUserError['kind'],
    details: { cause?: unknown; status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(`GET /2.0/user ${kind}`, { cause: details.cause });
    this.name = 'CurrentUserError';
    this.kind = kind;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export interface CurrentAccount {
  user: SessionUser;
  /** From `X-OAuth-Scopes`, or `undefined` when Bitbucket did not say. */
  grantedScopes: string[] | undefined;
}

/** Splits a scope list as Bitbucket writes it (comma- or space-separated). */
export function parseScopeList(value: string | null | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

export async function fetchCurrentUser(options: {
  apiOrigin: string;
  accessToken: string;
  fetch: FetchLike;
  timeoutMs: number;
}): Promise<SessionUser> {
  const { accessToken, ...rest } = options;
  return (await fetchCurrentAccount({ ...rest, authorization: `Bearer ${accessToken}` })).user;
}

/** `GET /2.0/user` with any credentials (`Bearer …` or `Basic …`): who they belong to and what they may do. */
export async function fetchCurrentAccount(options: {
  apiOrigin: string;
  authorization: string;
  fetch: FetchLike;
  timeoutMs: number;
}): Promise<CurrentAccount> {
  let response: Response;
  try {
    response = await options.fetch(`${options.apiOrigin}/2.0/user`, {
      headers: { Accept: 'application/json', Authorization: options.authorization },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (cause) {
    throw new CurrentUserError(isTimeout(cause) ? 'timeout' : 'unavailable', { cause });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new CurrentUserError(response.status >= 500 ? 'unavailable' : 'rejected', {
      status: response.status,
      ...(Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  let body: unknown;
  try {
    body = await limitResponseBody(response).json();
  } catch (cause) {
    throw new CurrentUserError('unavailable', { cause });
  }
  const parsed = v.safeParse(AccountSchema, body);
  if (!parsed.success) throw new CurrentUserError('unavailable');
  const account = parsed.output;
  const scopesHeader = response.headers.get(GRANTED_SCOPES_HEADER);
  return {
    user: {
      uuid: account.uuid,
      displayName: account.display_name,
      ...(account.account_id !== undefined ? { accountId: account.account_id } : {}),
      ...(account.nickname !== undefined ? { nickname: account.nickname } : {}),
      ...(account.links?.avatar?.href !== undefined
        ? { avatarUrl: account.links.avatar.href }
        : {}),
    },
    grantedScopes: scopesHeader === null ? undefined : parseScopeList(scopesHeader),
  };
}
