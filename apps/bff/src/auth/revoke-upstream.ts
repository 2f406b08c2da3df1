// Ends an OAuth grant at Bitbucket after its session ended here (RFC 7009), when a revocation URL is set.
import type { BffContext } from '../context';
import type { SessionRecord } from '../session/sessions';

/**
 * Revokes the refresh token (which ends the grant, access tokens included), or the access token when there
 * is none. Pass the record as it was last stored — `SessionManager.destroy` returns it — so a refresh that
 * rotated the token a moment earlier is not left alive. Best effort: the session here is already gone.
 * Token sign-ins have nothing to revoke: the user manages API tokens in Atlassian's settings.
 */
export async function revokeUpstream(ctx: BffContext, record: SessionRecord): Promise<void> {
  if (record.authMethod !== 'oauth' || !ctx.config.bitbucket.revocationUrl) return;
  try {
    await ctx.oauth.revokeToken(record.refreshToken ?? record.accessToken);
  } catch {
    ctx.logger.warn('session.revocation_failed', { user: record.user.uuid });
  }
}
