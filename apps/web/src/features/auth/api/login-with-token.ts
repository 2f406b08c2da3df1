// POST /bff/login/token: signs in with an Atlassian account email and an API token; the BFF keeps the token.
import { useMutation } from '@tanstack/react-query';
import type { SessionInfo, TokenLogin } from '@pail/shared';
import { bffPaths } from '@/config/paths';
import { api } from '@/lib/api-client';

/**
 * Sends the pair in a JSON body (never a URL) and returns the new session. A 401 here is an answer about
 * the credentials (`invalid_credentials`, `app_password_removed`), not an ended session.
 */
export function loginWithToken(credentials: TokenLogin): Promise<SessionInfo> {
  return api.post<SessionInfo>(bffPaths.loginToken(), {
    json: credentials,
    redirectOnUnauthenticated: false,
  });
}

export function useLoginWithToken({
  onSuccess,
}: { onSuccess?: (session: SessionInfo) => void | Promise<void> } = {}) {
  return useMutation({
    mutationFn: loginWithToken,
    onSuccess,
    // The mutation keeps its variables (the token) while cached: drop it as soon as nobody watches.
    gcTime: 0,
  });
}
