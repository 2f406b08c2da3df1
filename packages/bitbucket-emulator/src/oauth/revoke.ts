// POST /site/oauth2/revoke: RFC 7009 token revocation, served only when the emulator is configured to
// (Bitbucket itself has no revocation endpoint; decision record 011).
import { Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context';
import { authenticateClient } from './client-auth';
import { noStore, oauthError } from './oauth-errors';

export const REVOCATION_PATH = '/site/oauth2/revoke';

export function revocationRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();

  app.post(REVOCATION_PATH, async (c) => {
    const type = c.req.header('content-type') ?? '';
    const form: Record<string, string> = {};
    if (type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(await c.req.text())) {
        if (!(name in form)) form[name] = value;
      }
    }
    const authorization = c.req.header('authorization');
    const client = authenticateClient(ctx.directory, authorization, form);
    if (!client.ok) {
      // RFC 6749 §5.2: 401 with a challenge for the scheme the client tried.
      c.header('WWW-Authenticate', 'Basic realm="Bitbucket.org HTTP"');
      return oauthError(
        c,
        'invalid_client',
        client.reason === 'missing'
          ? 'Requests must be authenticated using OAuth client credentials'
          : 'Invalid OAuth client credentials',
        401,
      );
    }
    if (!form.token) return oauthError(c, 'invalid_request', 'Missing token parameter.');
    // RFC 7009 §2.1: token_type_hint is only a hint; every kind of token is searched whatever it says.
    const found = ctx.grants.findToken(form.token);
    if (found) {
      if (found.grant.consumerKey !== client.consumer.key) {
        return oauthError(c, 'invalid_request', 'The token was not issued to this client.');
      }
      // A refresh token stands for the grant: revoking it ends every token of the grant.
      if (found.kind === 'refresh_token') ctx.grants.revokeGrant(found.grant.id);
      else ctx.grants.revokeAccessToken(form.token);
    }
    // RFC 7009 §2.2: an unknown, expired or already revoked token is answered like a revoked one.
    noStore(c);
    return c.body(null, 200);
  });

  app.all(REVOCATION_PATH, (c) => {
    c.header('Allow', 'POST');
    return oauthError(c, 'invalid_request', 'The revocation endpoint only accepts POST.', 405);
  });

  return app;
}
