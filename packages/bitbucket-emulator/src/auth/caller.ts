// Who is calling the REST API, as the authentication middleware hands it to the handlers.
import type { Principal } from '../world/directory';

export interface Caller {
  principal: Principal;
  /** The scopes the credentials carry, as granted (implications are applied when checking). */
  grantedScopes: readonly string[];
  via: 'oauth' | 'basic';
}

export interface ApiEnv {
  Variables: { caller: Caller };
}
