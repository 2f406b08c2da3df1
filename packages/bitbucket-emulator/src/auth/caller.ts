// Who is calling the REST API, as the authentication middleware hands it to the handlers.
import type { Principal } from '../world/directory';

/**
 * How the caller authenticated: an OAuth access token (classic scopes), an API token (granular scopes,
 * no implications) or an app password (classic scopes; only when app passwords are accepted).
 */
export type CredentialKind = 'oauth' | 'api_token' | 'app_password';

export interface Caller {
  principal: Principal;
  /** The scopes the credentials carry, as granted (implications are applied when checking classic ones). */
  grantedScopes: readonly string[];
  via: CredentialKind;
  /**
   * Whether the credentials reach this workspace (slug, `{uuid}` or `{}`) and repository: false outside
   * the one workspace an API token is limited to. Always true for other credentials.
   */
  reaches: (workspaceId: string, repoId?: string) => boolean;
}

export interface ApiEnv {
  Variables: { caller: Caller };
}
