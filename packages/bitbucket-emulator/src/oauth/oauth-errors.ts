// RFC 6749 §5.2-shaped error answers of the token endpoint, never cached.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope';

export function noStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
}

export function oauthError(
  c: Context,
  error: OAuthErrorCode,
  description: string,
  status: ContentfulStatusCode = 400,
): Response {
  noStore(c);
  return c.json({ error, error_description: description }, status);
}
