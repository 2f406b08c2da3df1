// The BFF as the client of an independent, strict OAuth 2.0 server (oidc-provider): RFC 6749, 7636 and 7009.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE } from '@pail/shared';
import {
  CALLBACK_URL,
  createHarness,
  type Harness,
  type UpstreamCall,
} from '../testing/bff-harness';
import { startLogin, finishLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import { startOidcProvider, type RunningOidcProvider } from '../testing/oidc-provider';
import { isIssuerOfEndpoint } from './oauth-client';

/** Bitbucket's REST API is played by a stub that trusts only tokens the provider says are live. */
const API_ORIGIN = 'https://api.interop.test';
const ACCOUNT = 'ada';
const ACCESS_TOKEN_TTL_SECONDS = 600;

let as: RunningOidcProvider;

beforeAll(async () => {
  as = await startOidcProvider({
    redirectUri: CALLBACK_URL,
    accountId: ACCOUNT,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
  });
});

afterAll(async () => {
  await as?.close();
});

/** `GET /2.0/user` as Bitbucket answers it, for any access token the provider still honours. */
async function answerApi(as: RunningOidcProvider, call: UpstreamCall): Promise<Response> {
  const token = /^Bearer (.+)$/.exec(call.headers.get('authorization') ?? '')?.[1];
  const live = token === undefined ? undefined : await as.provider.AccessToken.find(token);
  if (live === undefined || live.isExpired) {
    return Response.json(
      {
        type: 'error',
        error: { message: 'Token is invalid, expired, or not supported for this endpoint.' },
      },
      { status: 401 },
    );
  }
  if (call.url.pathname !== '/2.0/user') {
    return Response.json(
      { type: 'error', error: { message: 'Resource not found' } },
      { status: 404 },
    );
  }
  return Response.json({
    type: 'user',
    uuid: '{0f9c1a52-6d4e-4b7a-9c3e-2a1b5c6d7e8f}',
    account_id: '712020:0f9c1a52-6d4e-4b7a-9c3e-2a1b5c6d7e8f',
    nickname: live.accountId,
    display_name: 'Ada Lovelace',
    links: { avatar: { href: `${API_ORIGIN}/avatars/${live.accountId}` } },
  });
}

interface TokenExchange {
  form: URLSearchParams;
  status: number;
  body: Record<string, unknown>;
}

function interopHarness(as: RunningOidcProvider) {
  const exchanges: TokenExchange[] = [];
  const h = createHarness({
    env: {
      BITBUCKET_CLIENT_ID: as.clientId,
      BITBUCKET_CLIENT_SECRET: as.clientSecret,
      BITBUCKET_AUTHORIZE_URL: as.endpoints.authorize,
      BITBUCKET_TOKEN_URL: as.endpoints.token,
      BITBUCKET_REVOCATION_URL: as.endpoints.revocation,
      BITBUCKET_API_URL: API_ORIGIN,
    },
    upstream: async (call) => {
      if (call.url.origin === API_ORIGIN) return answerApi(as, call);
      expect(call.url.origin, 'the BFF talks only to the provider and the API').toBe(
        new URL(as.issuer).origin,
      );
      const response = await fetch(call.url, {
        method: call.method,
        headers: call.headers,
        ...(call.body === '' ? {} : { body: call.body }),
        redirect: 'manual',
        ...(call.signal ? { signal: call.signal } : {}),
      });
      if (call.url.href === as.endpoints.token) {
        const body = (await response.clone().json()) as Record<string, unknown>;
        exchanges.push({ form: new URLSearchParams(call.body), status: response.status, body });
        for (const key of ['access_token', 'refresh_token']) {
          if (typeof body[key] === 'string') h.secrets.add(body[key]);
        }
      }
      return response;
    },
  });
  h.secrets.add(as.clientSecret);
  return { h, exchanges };
}

/** Plays the browser at the provider: follows its redirects (with its cookies) until it sends us back. */
async function authorizeAtProvider(as: RunningOidcProvider, authorizeUrl: URL): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizeUrl;
  for (let hop = 0; hop < 10; hop += 1) {
    expect(url.origin).toBe(new URL(as.issuer).origin);
    const headers = new Headers();
    const cookie = jar.header();
    if (cookie !== undefined) headers.set('Cookie', cookie);
    const response = await fetch(url, { headers, redirect: 'manual' });
    jar.capture(response);
    const location = response.headers.get('Location');
    expect(
      response.status,
      `provider answered ${response.status} at ${url.pathname}`,
    ).toBeGreaterThanOrEqual(300);
    expect(location).not.toBeNull();
    const next = new URL(location ?? '', url);
    if (next.href.startsWith(CALLBACK_URL)) return next;
    url = next;
  }
  throw new Error('the provider never redirected back to the BFF');
}

async function signInThroughProvider(h: Harness, server: RunningOidcProvider = as) {
  const jar = h.newJar();
  const { authorizeUrl } = await startLogin(h, jar, '/acme/widgets');
  const callbackUrl = await authorizeAtProvider(server, authorizeUrl);
  const response = await finishLogin(h, jar, callbackUrl);
  return { jar, authorizeUrl, callbackUrl, response };
}

describe('the BFF against oidc-provider', () => {
  let h: Harness;
  let exchanges: TokenExchange[];

  beforeEach(() => {
    ({ h, exchanges } = interopHarness(as));
  });

  it('signs in with the authorization code grant, state and PKCE S256', async () => {
    const { jar, authorizeUrl, callbackUrl, response } = await signInThroughProvider(h);

    expect(authorizeUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(CALLBACK_URL);
    // RFC 9207: the provider names itself in the response, and the BFF accepted that name.
    expect(callbackUrl.searchParams.get('iss')).toBe(as.issuer);
    expect(callbackUrl.searchParams.get('state')).toBe(authorizeUrl.searchParams.get('state'));

    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/acme/widgets');
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    expect(jar.get(LOGIN_COOKIE)).toBeUndefined();

    const [exchange] = exchanges;
    expect(exchange?.status).toBe(200);
    expect(exchange?.form.get('grant_type')).toBe('authorization_code');
    expect(exchange?.form.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    expect(exchange?.form.get('redirect_uri')).toBe(CALLBACK_URL);
    // client_secret_basic: the secret travels in the header only.
    expect(exchange?.form.has('client_secret')).toBe(false);

    const session = await h.request('/bff/session', { jar, csrf: true });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({
      user: { displayName: 'Ada Lovelace', nickname: ACCOUNT },
      authMethod: 'oauth',
    });
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('refuses a callback whose code the provider has already redeemed', async () => {
    const { callbackUrl } = await signInThroughProvider(h);
    const again = h.newJar();
    const { authorizeUrl } = await startLogin(h, again);
    // A replayed code with this browser's own, valid state: only the provider can tell it is spent.
    const replay = new URL(callbackUrl);
    replay.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
    const response = await finishLogin(h, again, replay);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/login?error=callback_failed');
    expect(again.get(SESSION_COOKIE)).toBeUndefined();
    expect(exchanges.at(-1)?.body.error).toBe('invalid_grant');
  });

  it('refreshes past expiry and keeps the rotated refresh token', async () => {
    const { jar } = await signInThroughProvider(h);
    const first = exchanges[0]?.body;
    expect(typeof first?.refresh_token).toBe('string');

    h.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000);
    const proxied = await h.request('/api/2.0/user', { jar, csrf: true });
    expect(proxied.status).toBe(200);

    const refresh = exchanges[1];
    expect(refresh?.form.get('grant_type')).toBe('refresh_token');
    expect(refresh?.form.get('refresh_token')).toBe(first?.refresh_token);
    expect(refresh?.status).toBe(200);
    const rotated = refresh?.body.refresh_token;
    expect(typeof rotated).toBe('string');
    expect(rotated).not.toBe(first?.refresh_token);
    // The provider rotated: the old refresh token is spent, the new one is live.
    expect(await as.introspect(String(first?.refresh_token))).toMatchObject({ active: false });
    expect(await as.introspect(String(rotated))).toMatchObject({ active: true });

    // The next refresh presents the rotated token: a reused one would make the provider revoke the grant.
    h.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000);
    const session = await h.request('/bff/session', { jar, csrf: true });
    expect(session.status).toBe(200);
    const second = exchanges[2];
    expect(second?.form.get('refresh_token')).toBe(rotated);
    expect(second?.status).toBe(200);
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('revokes the grant at the provider on logout', async () => {
    const { jar } = await signInThroughProvider(h);
    const tokens = exchanges[0]?.body ?? {};
    expect(await as.introspect(String(tokens.access_token))).toMatchObject({ active: true });

    const logout = await h.request('/bff/logout', { method: 'POST', jar, csrf: true });
    expect(logout.status).toBe(204);

    const revocation = h.upstreamCalls.find((call) => call.url.href === as.endpoints.revocation);
    expect(revocation?.headers.get('authorization')).toMatch(/^Basic /);
    expect(new URLSearchParams(revocation?.body).get('token')).toBe(tokens.refresh_token);
    expect(await as.introspect(String(tokens.refresh_token))).toMatchObject({ active: false });
    // Revoking the refresh token ends the whole grant, its access token included.
    expect(await as.introspect(String(tokens.access_token))).toMatchObject({ active: false });
    expect(h.logger.events()).not.toContain('session.revocation_failed');

    const session = await h.request('/bff/session', { jar, csrf: true });
    expect(session.status).toBe(401);
    expect(h.leakedSecrets()).toEqual([]);
  });
});

describe.each([
  ['a trailing slash', '/'],
  ['a path', '/realms/pail'],
])('an issuer identifier with %s', (_label, issuerPath) => {
  let other: RunningOidcProvider;

  beforeAll(async () => {
    other = await startOidcProvider({ redirectUri: CALLBACK_URL, accountId: ACCOUNT, issuerPath });
  });

  afterAll(async () => {
    await other?.close();
  });

  it('is accepted in the authorization response (RFC 9207) when the endpoints live under it', async () => {
    const { h } = interopHarness(other);
    const { jar, callbackUrl, response } = await signInThroughProvider(h, other);
    expect(callbackUrl.searchParams.get('iss')).toBe(other.issuer);
    expect(response.headers.get('Location')).toBe('/acme/widgets');
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
  });

  it('is still compared: an iss naming another server is refused', async () => {
    const { h } = interopHarness(other);
    const jar = h.newJar();
    const { authorizeUrl } = await startLogin(h, jar);
    const callbackUrl = await authorizeAtProvider(other, authorizeUrl);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('iss', 'https://attacker.example/realms/pail');
    const response = await finishLogin(h, jar, forged);
    expect(response.headers.get('Location')).toBe('/login?error=callback_failed');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    // Refused before the code was spent: nothing reached the token endpoint.
    expect(h.upstreamCalls.some((call) => call.url.href === other.endpoints.token)).toBe(false);
  });
});

describe('which iss names the authorization server (RFC 9207 without metadata)', () => {
  const endpoint = 'https://sso.example.com/realms/pail/protocol/openid-connect/auth';

  it.each([
    'https://sso.example.com',
    'https://sso.example.com/',
    'https://sso.example.com/realms/pail',
    'https://sso.example.com/realms/pail/',
  ])('accepts %s: the endpoint lives under it', (iss) => {
    expect(isIssuerOfEndpoint(iss, endpoint)).toBe(true);
  });

  it.each([
    ['another host', 'https://attacker.example/realms/pail'],
    ['another scheme', 'http://sso.example.com/realms/pail'],
    ['another port', 'https://sso.example.com:8443/realms/pail'],
    ['a sibling path', 'https://sso.example.com/realms/other'],
    ['half a path segment', 'https://sso.example.com/realms/pa'],
    ['the endpoint itself', endpoint],
    ['a query', 'https://sso.example.com/realms/pail?x=1'],
    ['a fragment', 'https://sso.example.com/#x'],
    ['user info', 'https://user@sso.example.com/realms/pail'],
    ['a different spelling', 'HTTPS://SSO.EXAMPLE.COM/realms/pail'],
    ['an encoded spelling', 'https://sso.example.com/realms/%70ail'],
    ['no URL', 'sso.example.com'],
  ])('refuses %s', (_label, iss) => {
    expect(isIssuerOfEndpoint(iss, endpoint)).toBe(false);
  });
});
