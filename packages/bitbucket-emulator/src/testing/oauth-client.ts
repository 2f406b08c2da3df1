// Test helpers that drive the emulator's OAuth endpoints the way a confidential client and a browser would.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { DEV_CONSUMER } from '../seed/consumers';
import type { Emulator } from '../emulator';

export interface Client {
  key: string;
  secret: string;
}

export const basicAuth = (client: Client): string =>
  `Basic ${Buffer.from(`${client.key}:${client.secret}`).toString('base64')}`;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-pail-test-verifier';

export interface AuthorizeInput {
  client?: Client;
  nickname?: string;
  state?: string;
  redirectUri?: string;
  codeChallenge?: string;
  decision?: 'grant' | 'deny';
}

export function authorizeParams(input: AuthorizeInput = {}): Record<string, string> {
  const params: Record<string, string> = {
    client_id: (input.client ?? DEV_CONSUMER).key,
    response_type: 'code',
    state: input.state ?? 'state-123',
  };
  if (input.redirectUri) params.redirect_uri = input.redirectUri;
  if (input.codeChallenge) {
    params.code_challenge = input.codeChallenge;
    params.code_challenge_method = 'S256';
  }
  return params;
}

/** Submits the consent form as the browser would after the user picked an account; returns the redirect. */
export async function submitConsent(
  emulator: Emulator,
  input: AuthorizeInput = {},
): Promise<Response> {
  const form = new URLSearchParams({
    ...authorizeParams(input),
    account: input.nickname ?? 'alice',
    decision: input.decision ?? 'grant',
  });
  return emulator.app.request('/site/oauth2/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: emulator.origin },
    body: form,
  });
}

export async function obtainCode(emulator: Emulator, input: AuthorizeInput = {}): Promise<string> {
  const response = await submitConsent(emulator, input);
  const location = response.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (response.status !== 302 || !code) throw new Error(`No code: ${response.status} ${location}`);
  return code;
}

export async function tokenRequest(
  emulator: Emulator,
  params: Record<string, string>,
  client: Client | null = DEV_CONSUMER,
): Promise<Response> {
  return emulator.app.request('/site/oauth2/access_token', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(client ? { authorization: basicAuth(client) } : {}),
    },
    body: new URLSearchParams(params),
  });
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

/** The whole authorization-code flow for one seeded user; returns the token response. */
export async function signIn(
  emulator: Emulator,
  nickname = 'alice',
  client: Client = DEV_CONSUMER,
): Promise<TokenResponse> {
  const code = await obtainCode(emulator, { client, nickname });
  const response = await tokenRequest(emulator, { grant_type: 'authorization_code', code }, client);
  if (response.status !== 200) throw new Error(`Token exchange failed: ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/** GET an API path with a Bearer token. */
export function apiGet(
  emulator: Emulator,
  path: string,
  token: string | undefined,
): Promise<Response> {
  return Promise.resolve(
    emulator.app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  );
}
