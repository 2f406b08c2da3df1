// GET/POST /site/oauth2/authorize: validation, the consent page and the redirect back (RFC 6749 §4.1.1–4.1.2).
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatorContext } from '../emulator-context';
import type { SeedConsumer } from '../seed/model';
import { avatarUrl } from '../avatars/avatar-routes';
import { renderConsentPage, renderErrorPage } from './consent-page';
import { isS256Challenge } from './pkce';
import { randomToken } from './random-token';

const PARAMS = [
  'client_id',
  'response_type',
  'state',
  'redirect_uri',
  'code_challenge',
  'code_challenge_method',
] as const;
type AuthorizeParams = Partial<Record<(typeof PARAMS)[number], string>>;

type Checked =
  | {
      kind: 'page';
      status: ContentfulStatusCode;
      title: string;
      error: string;
      description: string;
    }
  | { kind: 'redirect'; to: string; error: string; description: string; state: string | undefined }
  | {
      kind: 'ok';
      consumer: SeedConsumer;
      redirectUri: string;
      sentRedirectUri: string | undefined;
      state: string | undefined;
      codeChallenge: string | undefined;
    };

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/**
 * RFC 6749 §4.1.2.1: client and redirect URI problems are shown to the user, never redirected (the URI
 * is not trustworthy yet); everything after that goes back to the client as `?error=`.
 */
export function checkAuthorizeRequest(ctx: EmulatorContext, params: AuthorizeParams): Checked {
  const page = (
    status: ContentfulStatusCode,
    title: string,
    error: string,
    description: string,
  ): Checked => ({
    kind: 'page',
    status,
    title,
    error,
    description,
  });
  if (!params.client_id) {
    return page(
      400,
      'Invalid client_id',
      'invalid_request',
      'The request is missing the client_id parameter.',
    );
  }
  const consumer = ctx.directory.consumerByKey(params.client_id);
  if (!consumer) {
    return page(
      400,
      'Invalid client_id',
      'invalid_client',
      'No OAuth consumer has this client_id.',
    );
  }
  if (!consumer.callbackUrl) {
    return page(
      400,
      'Invalid request',
      'invalid_request',
      'No callback uri defined for the OAuth client.',
    );
  }
  const sent = params.redirect_uri;
  // Bitbucket matches by prefix: the sent URI must start with the registered callback URL.
  if (sent !== undefined && (!isHttpUrl(sent) || !sent.startsWith(consumer.callbackUrl))) {
    return page(
      400,
      'Invalid redirect_uri',
      'invalid_request',
      'The redirect_uri does not match the callback URL registered for this OAuth consumer.',
    );
  }
  const redirectUri = sent ?? consumer.callbackUrl;
  const redirect = (error: string, description: string): Checked => ({
    kind: 'redirect',
    to: redirectUri,
    error,
    description,
    state: params.state,
  });
  if (params.response_type !== 'code') {
    return params.response_type === undefined
      ? redirect('invalid_request', 'Missing response_type parameter.')
      : redirect('unsupported_response_type', `Unsupported response type: ${params.response_type}`);
  }
  const challenge = params.code_challenge;
  const method = params.code_challenge_method;
  if (challenge !== undefined || method !== undefined) {
    if (challenge === undefined)
      return redirect('invalid_request', 'code_challenge_method without code_challenge.');
    // `plain` offers no protection against a stolen code; like most current servers we refuse it.
    if (method !== 'S256')
      return redirect(
        'invalid_request',
        'Unsupported code_challenge_method: only S256 is allowed.',
      );
    if (!isS256Challenge(challenge))
      return redirect('invalid_request', 'Malformed code_challenge.');
  }
  return {
    kind: 'ok',
    consumer,
    redirectUri,
    sentRedirectUri: sent,
    state: params.state,
    codeChallenge: challenge,
  };
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

function pageHeaders(c: Context, nonce: string, formTarget?: string): void {
  const formAction = formTarget ? `'self' ${new URL(formTarget).origin}` : "'self'";
  c.header(
    'Content-Security-Policy',
    // form-action also governs the redirect that follows the submit, so it names the client's origin.
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  );
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
}

/** API clients (Accept: application/json, no text/html) get the error as RFC 6749 JSON; browsers a page. */
function answerPage(
  c: Context,
  checked: Extract<Checked, { kind: 'page' }>,
): Response | Promise<Response> {
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    c.header('Cache-Control', 'no-store');
    return c.json({ error: checked.error, error_description: checked.description }, checked.status);
  }
  const nonce = randomToken(16);
  pageHeaders(c, nonce);
  return c.html(
    renderErrorPage(nonce, checked.title, checked.error, checked.description),
    checked.status,
  );
}

function answerRedirect(c: Context, checked: Extract<Checked, { kind: 'redirect' }>): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(
    withParams(checked.to, {
      error: checked.error,
      error_description: checked.description,
      state: checked.state,
    }),
    302,
  );
}

function pickParams(source: (name: string) => string | undefined): AuthorizeParams {
  const out: AuthorizeParams = {};
  for (const name of PARAMS) {
    const value = source(name);
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/** A browser submitting the form sends Origin; a cross-site page posting it must not mint codes. */
// Fetch metadata decides when present: under `no-referrer` Chromium posts a same-origin form with `Origin: null`.
function isCrossSite(c: Context, ctx: EmulatorContext): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  return origin !== ctx.origin && origin !== new URL(c.req.url).origin;
}

export function authorizeRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();

  app.get('/site/oauth2/authorize', (c) => {
    const params = pickParams((name) => c.req.query(name));
    const checked = checkAuthorizeRequest(ctx, params);
    if (checked.kind === 'page') return answerPage(c, checked);
    if (checked.kind === 'redirect') return answerRedirect(c, checked);
    const nonce = randomToken(16);
    pageHeaders(c, nonce, checked.redirectUri);
    const users = ctx.directory.users;
    return c.html(
      renderConsentPage({
        nonce,
        consumer: checked.consumer,
        users,
        avatarUrl: (user) => avatarUrl(ctx.origin, 'users', user.nickname),
        redirectUri: checked.redirectUri,
        hidden: params as Record<string, string>,
      }),
    );
  });

  app.post('/site/oauth2/authorize', async (c) => {
    const body = await c.req.parseBody();
    const field = (name: string): string | undefined =>
      typeof body[name] === 'string' ? (body[name] as string) : undefined;
    const checked = checkAuthorizeRequest(ctx, pickParams(field));
    if (checked.kind === 'page') return answerPage(c, checked);
    if (checked.kind === 'redirect') return answerRedirect(c, checked);
    if (isCrossSite(c, ctx)) {
      return answerPage(c, {
        kind: 'page',
        status: 403,
        title: 'Request refused',
        error: 'access_denied',
        description: 'This form was submitted from another site.',
      });
    }
    const decision = field('decision');
    if (decision === 'deny') {
      return answerRedirect(c, {
        kind: 'redirect',
        to: checked.redirectUri,
        error: 'access_denied',
        description: 'The user denied access to the application.',
        state: checked.state,
      });
    }
    const user = ctx.directory.userByNickname(field('account') ?? '');
    if (decision !== 'grant' || !user) {
      return answerPage(c, {
        kind: 'page',
        status: 400,
        title: 'Invalid request',
        error: 'invalid_request',
        description: 'Choose an account, then Grant access or Deny.',
      });
    }
    const code = ctx.grants.issueCode({
      consumerKey: checked.consumer.key,
      nickname: user.nickname,
      redirectUri: checked.sentRedirectUri,
      effectiveRedirectUri: checked.redirectUri,
      codeChallenge: checked.codeChallenge,
    });
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(withParams(checked.redirectUri, { code, state: checked.state }), 302);
  });

  return app;
}
