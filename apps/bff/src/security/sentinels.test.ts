// Full journeys against a Bitbucket whose every secret is a sentinel: none may surface in an answer, a log line or the store.
import { reset } from '@logtape/logtape';
import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE, type SessionList } from '@pail/shared';
import { createLogtapeLogger } from '../logger';
import { captureJsonLines } from '../testing/capture-json-lines';
import { EMULATOR_ORIGIN, TOKEN_PATH, createHarness, type Harness } from '../testing/bff-harness';
import { consent, finishLogin, startLogin } from '../testing/browser';
import { CookieJar } from '../testing/cookie-jar';
import {
  createSentinels,
  decodedForms,
  type Sentinels,
  type SentinelKind,
} from '../testing/sentinels';

const ALICE_EMAIL = 'alice.marchetti@acme.example';
/** The token and revocation endpoints on an origin of their own, so each secret's destination shows. */
const TOKEN_ORIGIN = 'http://auth.localhost:8090';
const TOKEN_URL = `${TOKEN_ORIGIN}${TOKEN_PATH}`;
const API = (path: string) => `${EMULATOR_ORIGIN}${path}`;
const READ_SCOPES = [
  'read:user:bitbucket',
  'read:workspace:bitbucket',
  'read:repository:bitbucket',
  'read:pullrequest:bitbucket',
];

/** A whole journey is dozens of requests; a busy machine gets room. */
const JOURNEY_TIMEOUT_MS = 30_000;

afterEach(async () => {
  await reset();
});

interface World {
  h: Harness;
  sentinels: Sentinels;
  lines: string[];
  /** Every session id this browser was ever given (raw cookie values). */
  sessionIds: Set<string>;
  /** Login-transaction ids and `state` values: never in a log line or the store either. */
  loginSecrets: Set<string>;
}

async function createWorld(options: { revocation?: boolean } = {}): Promise<World> {
  const lines = await captureJsonLines('debug');
  const sentinels = createSentinels(EMULATOR_ORIGIN, { tokenOrigin: TOKEN_ORIGIN });
  const h = createHarness({
    env: sentinels.env({ revocation: options.revocation ?? false }),
    emulator: { revocationEndpoint: options.revocation ?? false },
    upstream: sentinels.upstream(() => h.emulator),
    alsoLogTo: createLogtapeLogger(),
  });
  return { h, sentinels, lines, sessionIds: new Set(), loginSecrets: new Set() };
}

/** Remembers the session cookie the jar now holds. */
function noteSession(world: World, jar: CookieJar): void {
  const id = jar.get(SESSION_COOKIE);
  if (id !== undefined) world.sessionIds.add(id);
}

async function oauthSignIn(world: World, jar = new CookieJar()): Promise<CookieJar> {
  const { h, sentinels } = world;
  const { authorizeUrl } = await startLogin(h, jar, '/acme/widgets');
  world.loginSecrets.add(jar.get(LOGIN_COOKIE) ?? '');
  world.loginSecrets.add(authorizeUrl.searchParams.get('state') ?? '');
  const callback = sentinels.disguiseCode(await consent(h, authorizeUrl));
  expect(callback.searchParams.get('code')).toMatch(/^pailsentinel-code-/);
  const response = await finishLogin(h, jar, callback);
  expect(response.status).toBe(302);
  expect(response.headers.get('Location')).toBe('/acme/widgets');
  noteSession(world, jar);
  return jar;
}

async function browse(world: World, jar: CookieJar): Promise<void> {
  const { h } = world;
  expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(200);
  expect((await h.request('/api/2.0/user', { jar, csrf: true })).status).toBe(200);
  expect((await h.request('/api/2.0/repositories/acme/widgets', { jar, csrf: true })).status).toBe(
    200,
  );
  const readme = await h.request('/api/2.0/repositories/acme/widgets/src/main/README.md', {
    jar,
    csrf: true,
  });
  expect(readme.status).toBe(200);
  const raw = await h.request('/acme/widgets/raw/main/README.md', { jar });
  expect(raw.status).toBe(200);
  expect(await raw.text()).toContain('Widgets');
  expect((await h.request('/bff/sessions', { jar, csrf: true })).status).toBe(200);
  expect((await h.request('/bff/usage', { jar, csrf: true })).status).toBe(200);
}

/** Every string of kind `kind` the BFF sent out, to prove the journey really carried that sentinel. */
function sentUpstream(world: World, kind: SentinelKind): string[] {
  return world.h.upstreamCalls.flatMap((call) =>
    world.sentinels
      .findIn(`${call.headers.get('Authorization') ?? ''} ${call.body}`)
      .filter((sentinel) => sentinel.kind === kind)
      .map(() => `${call.method} ${call.url.origin}${call.url.pathname}`),
  );
}

/** Every place the browser or an operator could read: answers (status, headers, body) and log lines. */
function exposedSurfaces(world: World): Array<{ where: string; text: string }> {
  return [
    ...world.h.responses.flatMap((response) => [
      ...response.headers.map(([name, value]) => ({
        where: `${response.path} ${name}`,
        text: value,
      })),
      { where: `${response.path} body`, text: response.body },
    ]),
    ...world.h.logger.entries.map((entry) => ({
      where: `log ${entry.event}`,
      text: JSON.stringify(entry),
    })),
    ...world.lines.map((line) => ({ where: 'log line', text: line })),
  ];
}

function expectNothingLeaked(world: World): void {
  const { h, sentinels } = world;
  const leaks: string[] = [];
  for (const { where, text } of exposedSurfaces(world)) {
    for (const sentinel of sentinels.findIn(text)) leaks.push(`${sentinel.kind} in ${where}`);
    const isOwnCookie = where.endsWith(' set-cookie') && text.startsWith(`${SESSION_COOKIE}=`);
    for (const id of world.sessionIds) {
      if (!isOwnCookie && decodedForms(text).some((form) => form.includes(id)))
        leaks.push(`a raw session id in ${where}`);
    }
    if (where.startsWith('log')) {
      for (const secret of world.loginSecrets) {
        if (secret !== '' && text.includes(secret)) leaks.push(`a login id or state in ${where}`);
      }
    }
  }
  for (const [key, value] of h.store.entries()) {
    for (const sentinel of sentinels.findIn(`${key} ${value}`))
      leaks.push(`${sentinel.kind} in the store`);
    for (const id of [...world.sessionIds, ...world.loginSecrets]) {
      if (id !== '' && (key.includes(id) || value.includes(id)))
        leaks.push('a raw id in the store');
    }
  }
  expect(leaks).toEqual([]);
  // The scan saw the journey: answers and log lines were there to be read.
  expect(h.responses.length).toBeGreaterThan(5);
  expect(world.lines.length).toBeGreaterThan(5);
}

describe('sentinel tokens, codes and secrets', () => {
  it(
    'an OAuth journey (sign-in, session, JSON and raw browsing, a forced refresh, the session list, sign-out with revocation) shows no sentinel anywhere',
    async () => {
      const world = await createWorld({ revocation: true });
      const { h } = world;
      const jar = await oauthSignIn(world);
      await browse(world, jar);

      // The access token's end approaches: the next call refreshes first.
      h.clock.advance(7200 * 1000 - 30_000);
      await browse(world, jar);
      // Bitbucket kills the access token early: a 401, a refresh, a retry.
      h.emulator.controls.expireAccessTokens();
      await browse(world, jar);
      const stored = [...h.store.entries()];
      expect(stored.length).toBeGreaterThan(0);
      expectNothingLeaked(world);

      const logout = await h.request('/bff/logout', { method: 'POST', jar, csrf: true });
      expect(logout.status).toBe(204);
      expect((await h.request('/bff/session', { jar, csrf: true })).status).toBe(401);

      // Each kind of secret really travelled — to Bitbucket, and only there.
      expect(sentUpstream(world, 'code')).toEqual([`POST ${TOKEN_URL}`]);
      // The secret and the refresh token went to the token and revocation endpoints, and nowhere else.
      const secretSentTo = new Set(sentUpstream(world, 'client-secret'));
      expect(secretSentTo).toEqual(
        new Set([`POST ${TOKEN_URL}`, `POST ${TOKEN_ORIGIN}/site/oauth2/revoke`]),
      );
      expect(new Set(sentUpstream(world, 'refresh-token'))).toEqual(secretSentTo);
      // Access tokens went to the API, and only there.
      const accessTokenSentTo = sentUpstream(world, 'access-token');
      expect(accessTokenSentTo).toEqual(
        expect.arrayContaining([
          `GET ${API('/2.0/user')}`,
          `GET ${API('/2.0/repositories/acme/widgets')}`,
        ]),
      );
      expect(accessTokenSentTo.every((to) => to.startsWith(`GET ${API('/2.0/')}`))).toBe(true);
      const refreshes = h.upstreamCalls.filter((call) =>
        call.body.includes('grant_type=refresh_token'),
      );
      expect(refreshes.length).toBeGreaterThanOrEqual(2);
      expect(
        world.sentinels.all().filter((s) => s.kind === 'access-token').length,
      ).toBeGreaterThanOrEqual(3);
      expectNothingLeaked(world);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'an API-token journey (sign-in, session, browsing, the session list, sign-out everywhere) shows no sentinel anywhere',
    async () => {
      const world = await createWorld();
      const { h, sentinels } = world;
      const real = h.emulator.controls.createApiToken({ user: 'alice', scopes: READ_SCOPES });
      const apiToken = sentinels.disguise('api-token', real.token);

      // A wrong token first: refused without echoing anything.
      const jar = new CookieJar();
      const wrong = await h.request('/bff/login/token', {
        method: 'POST',
        jar,
        csrf: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          username: ALICE_EMAIL,
          token: sentinels.disguise('api-token', 'x'),
        }),
      });
      expect(wrong.status).toBe(401);

      const signIn = await h.request('/bff/login/token', {
        method: 'POST',
        jar,
        csrf: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: ALICE_EMAIL, token: apiToken }),
      });
      expect(signIn.status).toBe(200);
      noteSession(world, jar);
      await browse(world, jar);
      // A second browser of the same user, then "sign out everywhere" from the first.
      const other = await oauthSignIn(world);
      const list = (await (
        await h.request('/bff/sessions', { jar, csrf: true })
      ).json()) as SessionList;
      expect(list.sessions).toHaveLength(2);
      expect((await h.request('/bff/sessions', { method: 'DELETE', jar, csrf: true })).status).toBe(
        204,
      );
      expect((await h.request('/bff/session', { jar: other, csrf: true })).status).toBe(401);

      const apiTokenSentTo = sentUpstream(world, 'api-token');
      expect(apiTokenSentTo).toEqual(
        expect.arrayContaining([
          `GET ${API('/2.0/user')}`,
          `GET ${API('/2.0/repositories/acme/widgets')}`,
        ]),
      );
      expect(apiTokenSentTo.every((to) => to.startsWith(`GET ${API('/2.0/')}`))).toBe(true);
      expectNothingLeaked(world);
      expect(h.store.entries().some(([key]) => key.startsWith('session:'))).toBe(false);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'keeps every token sealed in the store: no sentinel in any stored value, no raw session id as a key',
    async () => {
      const world = await createWorld();
      const { h, sentinels } = world;
      const jars = [await oauthSignIn(world), await oauthSignIn(world)];
      for (const jar of jars) await browse(world, jar);
      const entries = h.store.entries();
      const tokens = sentinels
        .all()
        .filter((s) => s.kind === 'access-token' || s.kind === 'refresh-token');
      expect(tokens.length).toBeGreaterThanOrEqual(4);
      for (const [key, value] of entries) {
        for (const token of tokens)
          expect(decodedForms(`${key} ${value}`).join('\n')).not.toContain(token.value);
        for (const id of world.sessionIds) {
          expect(key).not.toContain(id);
          expect(value).not.toContain(id);
        }
      }
      // Sessions exist under keys derived from the ids, not the ids themselves.
      expect(entries.filter(([key]) => key.startsWith('session:'))).toHaveLength(2);
      expectNothingLeaked(world);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a failed callback (a replayed code, a wrong state) and a failed refresh leak nothing either',
    async () => {
      const world = await createWorld();
      const { h, sentinels } = world;
      const jar = new CookieJar();
      const { authorizeUrl } = await startLogin(h, jar);
      world.loginSecrets.add(authorizeUrl.searchParams.get('state') ?? '');
      const callback = sentinels.disguiseCode(await consent(h, authorizeUrl));
      const wrongState = new URL(callback);
      wrongState.searchParams.set('state', 'not-the-state');
      const refused = await finishLogin(h, jar.clone(), wrongState);
      expect(refused.headers.get('Location')).toBe('/login?error=state_mismatch');

      const signedIn = await oauthSignIn(world);
      // The same code again, in a fresh transaction: Bitbucket refuses it, the BFF says so without quoting it.
      const again = new CookieJar();
      const { authorizeUrl: second } = await startLogin(h, again);
      const replay = new URL(callback);
      replay.searchParams.set('state', second.searchParams.get('state') ?? '');
      const replayed = await finishLogin(h, again, replay);
      expect(replayed.headers.get('Location')).toBe('/login?error=callback_failed');

      // The grant is revoked at Bitbucket: the next refresh fails and the session ends.
      h.emulator.controls.revokeGrants();
      h.clock.advance(7200 * 1000 - 30_000);
      expect((await h.request('/api/2.0/user', { jar: signedIn, csrf: true })).status).toBe(401);
      expect(h.logger.events()).toContain('session.ended');
      expectNothingLeaked(world);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
