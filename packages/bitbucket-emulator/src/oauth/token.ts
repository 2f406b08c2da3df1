// POST /site/oauth2/access_token: the authorization_code, refresh_token and client_credentials grants (RFC 6749 §4–6).
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { EmulatorContext } from '../emulator-context';
import type { SeedConsumer } from '../seed/model';
import { authenticateClient } from './client-auth';
import type { IssuedTokens } from './grant-store';
import { noStore, oauthError } from './oauth-errors';
import { verifyS256 } from './pkce';

const INVALID_CODE = 'The authorization code is invalid, expired or already used.';

/** Only a urlencoded body is read: Bitbucket ignores JSON, so its grant_type is "None". */
async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return {};
  const params = new URLSearchParams(await c.req.text());
  const form: Record<string, string> = {};
  // RFC 6749 §3.2: parameters must not repeat; the first one wins here, as in most servers.
  for (const [name, value] of params) if (!(name in form)) form[name] = value;
  return form;
}

/** RFC 6749 §5.1. `scope` is space-separated; the pre-2026 `scopes` and `state` fields are gone. */
function tokenResponse(c: Context, ctx: EmulatorContext, issued: IssuedTokens): Response {
  noStore(c);
  return c.json({
    access_token: issued.accessToken.token,
    scope: [...issued.grant.scopes].sort().join(' '),
    expires_in: ctx.accessTokenTtlSeconds,
    token_type: 'bearer',
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken.token } : {}),
  });
}

/** RFC 6749 §4.1.3 plus RFC 7636 §4.6. */
function exchangeCode(
  c: Context,
  ctx: EmulatorContext,
  consumer: SeedConsumer,
  form: Record<string, string>,
) {
  if (!form.code) return oauthError(c, 'invalid_request', 'Missing code parameter.');
  const record = ctx.grants.findCode(form.code);
  if (!record || record.consumerKey !== consumer.key)
    return oauthError(c, 'invalid_grant', INVALID_CODE);
  if (record.used) {
    // RFC 6749 §4.1.2: a replayed code revokes what it was exchanged for.
    if (record.grantId) ctx.grants.revokeGrant(record.grantId);
    return oauthError(c, 'invalid_grant', INVALID_CODE);
  }
  record.used = true;
  if (ctx.now() >= record.expiresAt) return oauthError(c, 'invalid_grant', INVALID_CODE);
  const sent = form.redirect_uri;
  const redirectOk =
    record.redirectUri !== undefined
      ? sent === record.redirectUri
      : sent === undefined || sent === record.effectiveRedirectUri;
  if (!redirectOk) {
    return oauthError(
      c,
      'invalid_grant',
      'The redirect_uri does not match the one the code was issued for.',
    );
  }
  if (record.codeChallenge !== undefined) {
    if (!form.code_verifier || !verifyS256(form.code_verifier, record.codeChallenge)) {
      return oauthError(c, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
  }
  const grant = ctx.grants.createGrant(
    consumer.key,
    { kind: 'user', nickname: record.nickname },
    consumer.scopes,
  );
  record.grantId = grant.id;
  return tokenResponse(c, ctx, ctx.grants.issueTokens(grant, true));
}

/** RFC 6749 §6 with rotation: the presented token keeps working for a grace period. */
function refresh(
  c: Context,
  ctx: EmulatorContext,
  consumer: SeedConsumer,
  form: Record<string, string>,
) {
  const live = form.refresh_token ? ctx.grants.liveRefreshToken(form.refresh_token) : undefined;
  if (!live || live.grant.consumerKey !== consumer.key) {
    return oauthError(c, 'invalid_request', 'Invalid refresh_token');
  }
  return tokenResponse(c, ctx, ctx.grants.rotate(live.record, live.grant));
}

/** RFC 6749 §4.4: private consumers only; the token acts as the consumer's app user, without a refresh token. */
function clientCredentials(c: Context, ctx: EmulatorContext, consumer: SeedConsumer) {
  if (!consumer.isPrivate) {
    return oauthError(
      c,
      'invalid_grant',
      'Cannot use client_credentials with a consumer marked as "public". Calls for auto generated consumers should use urn:bitbucket:oauth2:jwt instead.',
    );
  }
  const grant = ctx.grants.createGrant(consumer.key, { kind: 'app_user' }, consumer.scopes);
  return tokenResponse(c, ctx, ctx.grants.issueTokens(grant, false));
}

export function tokenRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();

  app.post('/site/oauth2/access_token', async (c) => {
    const form = await readForm(c);
    const grantType = form.grant_type;
    if (!grantType) return oauthError(c, 'invalid_grant', 'Unsupported grant type: None');
    const client = authenticateClient(ctx.directory, c.req.header('authorization'), form);
    if (!client.ok) {
      return oauthError(
        c,
        'unauthorized_client',
        client.reason === 'missing'
          ? 'Requests must be authenticated using OAuth client credentials'
          : 'Invalid OAuth client credentials',
      );
    }
    switch (grantType) {
      case 'authorization_code':
        return exchangeCode(c, ctx, client.consumer, form);
      case 'refresh_token':
        return refresh(c, ctx, client.consumer, form);
      case 'client_credentials':
        return clientCredentials(c, ctx, client.consumer);
      default:
        // Implicit and password grants are gone; Connect's JWT grant is not emulated.
        return oauthError(c, 'invalid_grant', `Unsupported grant type: ${grantType}`);
    }
  });

  app.all('/site/oauth2/access_token', (c) => {
    c.header('Allow', 'POST');
    return oauthError(c, 'invalid_request', 'The token endpoint only accepts POST.', 405);
  });

  return app;
}
