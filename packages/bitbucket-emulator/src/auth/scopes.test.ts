import { Buffer } from 'node:buffer';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_NOT_FOUND } from '../api/api-error';
import { createEmulator } from '../emulator';
import { PUBLIC_CONSUMER } from '../seed/consumers';
import { apiGet, signIn } from '../testing/oauth-client';
import { SEED_API_TOKENS } from './basic-credentials';
import type { ApiEnv } from './caller';
import {
  effectiveScopes,
  granularScopesFor,
  operationScopesOf,
  requireScope,
  routeShape,
} from './scopes';

describe('classic scopes', () => {
  it('applies the documented implications and no others', () => {
    expect([...effectiveScopes(['pullrequest:write'])].sort()).toEqual([
      'pullrequest',
      'pullrequest:write',
      'repository',
      'repository:write',
    ]);
    expect(effectiveScopes(['project']).has('repository')).toBe(true);
    expect(effectiveScopes(['repository:admin']).has('repository')).toBe(false);
    expect(effectiveScopes(['account']).has('email')).toBe(false);
  });

  it('answers an endpoint whose scope is missing with 403 and required/granted details', async () => {
    const emulator = createEmulator();
    // pail-public is granted account and repository only.
    const { access_token: token } = await signIn(emulator, 'alice', PUBLIC_CONSUMER);
    const response = await apiGet(emulator, '/2.0/user/emails', token);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['email'], granted: ['account', 'repository'] },
      },
    });
    expect((await apiGet(emulator, '/2.0/user', token)).status).toBe(200);
    expect((await apiGet(emulator, '/2.0/repositories/acme/widgets', token)).status).toBe(200);
  });
});

const basic = (token: { email: string; token: string }): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${token.email}:${token.token}`).toString('base64')}`,
});

async function errorOf(response: Response): Promise<{ message: string; detail?: unknown }> {
  return ((await response.json()) as { error: { message: string; detail?: unknown } }).error;
}

describe('granular scopes (API tokens)', () => {
  it('requires what swagger.json lists per endpoint, with no implications', async () => {
    const emulator = createEmulator();
    const userOnly = emulator.controls.createApiToken({
      user: 'alice',
      scopes: ['read:user:bitbucket'],
    });
    const get = (path: string, token: { email: string; token: string }) =>
      emulator.app.request(path, { headers: basic(token) });
    expect((await get('/2.0/user', userOnly)).status).toBe(200);
    // Classic `email`, granular read:user:bitbucket.
    expect((await get('/2.0/user/emails', userOnly)).status).toBe(200);
    const workspaces = await get('/2.0/user/workspaces', userOnly);
    expect(workspaces.status).toBe(403);
    expect(workspaces.headers.get('x-accepted-oauth-scopes')).toBe('read:workspace:bitbucket');
    expect(workspaces.headers.get('x-oauth-scopes')).toBe('read:user:bitbucket');
    expect(await workspaces.json()).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['read:workspace:bitbucket'], granted: ['read:user:bitbucket'] },
      },
    });

    const writeOnly = emulator.controls.createApiToken({
      user: 'alice',
      scopes: ['write:repository:bitbucket', 'admin:repository:bitbucket'],
    });
    const repo = await get('/2.0/repositories/acme/widgets', writeOnly);
    expect(repo.status).toBe(403);
    expect((await errorOf(repo)).detail).toEqual({
      required: ['read:repository:bitbucket'],
      granted: ['admin:repository:bitbucket', 'write:repository:bitbucket'],
    });
    expect((await get('/2.0/repositories/acme/widgets', SEED_API_TOKENS.aliceRead)).status).toBe(
      200,
    );
    expect((await get('/2.0/workspaces/acme', SEED_API_TOKENS.aliceNoPullrequests)).status).toBe(
      200,
    );
  });

  it('answers the emulator’s pull request list 403 without read:pullrequest:bitbucket', async () => {
    const emulator = createEmulator();
    const path = '/2.0/repositories/acme/widgets/pullrequests';
    const { aliceRead, aliceNoPullrequests } = SEED_API_TOKENS;
    expect((await emulator.app.request(path, { headers: basic(aliceRead) })).status).toBe(200);
    const refused = await emulator.app.request(path, { headers: basic(aliceNoPullrequests) });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).detail).toEqual({
      required: ['read:pullrequest:bitbucket'],
      granted: [...aliceNoPullrequests.scopes].sort(),
    });
    const source = await emulator.app.request('/2.0/repositories/acme/widgets/commits', {
      headers: basic(aliceNoPullrequests),
    });
    expect(source.status).toBe(200);
  });

  it('refuses a token without read:pullrequest:bitbucket on pull request routes', async () => {
    // A route shaped like the emulator's pull request routes, its caller taken from a test header.
    const app = new Hono<ApiEnv>();
    const caller: MiddlewareHandler<ApiEnv> = async (c, next) => {
      c.set('caller', {
        principal: { kind: 'app_user', consumer: {} as never },
        grantedScopes: (c.req.header('x-test-scopes') ?? '').split(','),
        via: 'api_token',
        reaches: () => true,
      });
      await next();
    };
    app.get(
      '/2.0/repositories/:workspace/:repo/pullrequests/:id',
      caller,
      requireScope('pullrequest'),
      (c) => c.json({ ok: true }),
    );
    app.onError((error, c) => c.json({ status: (error as { status?: number }).status }, 500));
    const path = '/2.0/repositories/acme/widgets/pullrequests/1';
    const read = await app.request(path, {
      headers: { 'x-test-scopes': SEED_API_TOKENS.aliceRead.scopes.join(',') },
    });
    expect(read.status).toBe(200);
    const without = await app.request(path, {
      headers: { 'x-test-scopes': SEED_API_TOKENS.aliceNoPullrequests.scopes.join(',') },
    });
    expect(await without.json()).toEqual({ status: 403 });
    expect(without.headers.get('x-accepted-oauth-scopes')).toBe('read:pullrequest:bitbucket');
    const repositoryOnly = await app.request(path, {
      headers: { 'x-test-scopes': 'read:repository:bitbucket' },
    });
    expect(await repositoryOnly.json()).toEqual({ status: 403 });
  });

  it('matches Hono routes to swagger.json operations by shape', () => {
    expect(routeShape('/2.0/repositories/:workspace/:repo/src/:commit/:path{.+}')).toBe(
      '/repositories/*/*/src/*/*',
    );
    expect(routeShape('/repositories/{workspace}/{repo_slug}/src/{commit}/{path}')).toBe(
      '/repositories/*/*/src/*/*',
    );
    const cases: [string, string, string, string[]][] = [
      ['GET', '/2.0/user', 'account', ['read:user:bitbucket']],
      ['GET', '/2.0/user/workspaces', 'account', ['read:workspace:bitbucket']],
      ['GET', '/2.0/workspaces/:workspace', 'account', ['read:workspace:bitbucket']],
      ['GET', '/2.0/workspaces/:workspace/projects', 'account', ['read:project:bitbucket']],
      ['HEAD', '/2.0/repositories/:workspace/:repo', 'repository', ['read:repository:bitbucket']],
      [
        'GET',
        '/2.0/repositories/:workspace/:repo/pullrequests/:id{[0-9]+}/diffstat',
        'pullrequest',
        ['read:pullrequest:bitbucket'],
      ],
      [
        'GET',
        '/2.0/repositories/:workspace/:repo/src/:commit/:path{.+}',
        'repository',
        ['read:repository:bitbucket'],
      ],
      [
        'GET',
        '/2.0/repositories/:workspace/:repo/diff/:spec',
        'repository',
        ['read:repository:bitbucket'],
      ],
      // Not in swagger.json: derived from the classic scope.
      [
        'GET',
        '/2.0/repositories/:workspace/:repo/src/:commit/',
        'repository',
        ['read:repository:bitbucket'],
      ],
    ];
    for (const [method, path, classic, granular] of cases) {
      expect(granularScopesFor(method, path, classic), `${method} ${path}`).toEqual(granular);
    }
    expect(operationScopesOf('GET', '/2.0/user/emails')).toEqual({
      classic: ['email'],
      granular: ['read:user:bitbucket'],
    });
    expect(operationScopesOf('GET', '/2.0/nothing/here')).toBeUndefined();
  });

  it('keeps a workspace-limited token inside its workspace (404 elsewhere, as for a non-member)', async () => {
    const emulator = createEmulator();
    const { aliceAcmeOnly, aliceRead } = SEED_API_TOKENS;
    const get = (path: string, token: { email: string; token: string } = aliceAcmeOnly) =>
      emulator.app.request(path, { headers: basic(token) });
    const northwind = (await (await get('/2.0/repositories/northwind', aliceRead)).json()) as {
      values: { slug: string; uuid: string }[];
    };
    const elsewhere = northwind.values[0];
    if (!elsewhere) throw new Error('alice sees no northwind repository');

    expect((await get('/2.0/user')).status).toBe(200);
    expect((await get('/2.0/workspaces/acme')).status).toBe(200);
    expect((await get('/2.0/repositories/acme/widgets')).status).toBe(200);

    const workspace = await get('/2.0/workspaces/northwind');
    expect(workspace.status).toBe(404);
    expect((await errorOf(workspace)).message).toBe("No workspace with identifier 'northwind'.");
    expect((await get('/2.0/repositories/northwind')).status).toBe(404);
    const listed = (await (await get('/2.0/user/workspaces')).json()) as {
      values: { workspace: { slug: string } }[];
    };
    expect(listed.values.map((access) => access.workspace.slug)).toEqual(['acme']);
    for (const path of [
      `/2.0/repositories/northwind/${elsewhere.slug}`,
      `/2.0/repositories/%7B%7D/${encodeURIComponent(elsewhere.uuid)}`,
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect((await errorOf(response)).message).toBe(REPOSITORY_NOT_FOUND);
      expect((await get(path, aliceRead)).status, path).toBe(200);
    }
  });
});

describe('scopes reported to OAuth clients', () => {
  it('sends the granted classic scopes and the accepted ones on API responses', async () => {
    const emulator = createEmulator();
    const { access_token: token } = await signIn(emulator);
    const response = await apiGet(emulator, '/2.0/repositories/acme/widgets', token);
    expect(response.headers.get('x-oauth-scopes')).toBe('account, email, pullrequest, repository');
    expect(response.headers.get('x-accepted-oauth-scopes')).toBe('repository');
  });
});
