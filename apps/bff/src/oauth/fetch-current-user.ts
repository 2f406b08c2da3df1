// Who the access token belongs to: Bitbucket's `GET /2.0/user`, reduced to the session's user shape.
import * as v from 'valibot';
import type { SessionUser } from '@pail/shared';
import type { User } from '@pail/shared/bitbucket';
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

export class CurrentUserError extends Error {
  readonly kind: 'rejected' | 'unavailable' | 'timeout';
  constructor(kind: CurrentUserError['kind'], cause?: unknown) {
    super(`GET /2.0/user ${kind}`, { cause });
    this.name = 'CurrentUserError';
    this.kind = kind;
  }
}

export async function fetchCurrentUser(options: {
  apiOrigin: string;
  accessToken: string;
  fetch: FetchLike;
  timeoutMs: number;
}): Promise<SessionUser> {
  let response: Response;
  try {
    response = await options.fetch(`${options.apiOrigin}/2.0/user`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${options.accessToken}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (cause) {
    throw new CurrentUserError(isTimeout(cause) ? 'timeout' : 'unavailable', cause);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new CurrentUserError(response.status >= 500 ? 'unavailable' : 'rejected');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new CurrentUserError('unavailable', cause);
  }
  const parsed = v.safeParse(AccountSchema, body);
  if (!parsed.success) throw new CurrentUserError('unavailable');
  const account = parsed.output;
  return {
    uuid: account.uuid,
    displayName: account.display_name,
    ...(account.account_id !== undefined ? { accountId: account.account_id } : {}),
    ...(account.nickname !== undefined ? { nickname: account.nickname } : {}),
    ...(account.links?.avatar?.href !== undefined ? { avatarUrl: account.links.avatar.href } : {}),
  };
}
