// Every kind of response the emulator gives validates against the schemas generated from Atlassian's description.
import type { BitbucketSchemaName } from '@pail/shared/bitbucket/schemas';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { PUBLIC_CONSUMER } from '../seed/consumers';
import { apiGet, signIn, tokenRequest } from '../testing/oauth-client';
import { schemaErrors } from '../testing/schema-validator';

const emulator = createEmulator();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const nickname of ['alice', 'bob', 'carol', 'dave']) {
    tokens[nickname] = (await signIn(emulator, nickname)).access_token;
  }
  tokens.narrow = (await signIn(emulator, 'alice', PUBLIC_CONSUMER)).access_token;
  const app = await tokenRequest(emulator, { grant_type: 'client_credentials' });
  tokens.app = ((await app.json()) as { access_token: string }).access_token;
  const expired = await signIn(emulator, 'bob');
  tokens.expired = expired.access_token;
});

async function expectConforms(
  path: string,
  who: string | undefined,
  status: number,
  schema: BitbucketSchemaName,
) {
  const response = await apiGet(emulator, path, who === undefined ? undefined : tokens[who]);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body: unknown = await response.json();
  expect(schemaErrors(schema, body), `${path} as ${who}`).toEqual([]);
  return body;
}

describe('success bodies', () => {
  it.each([
    ['/2.0/user', 'alice', 'user'],
    ['/2.0/user', 'app', 'account'],
    ['/2.0/user/emails', 'alice', 'paginated_emails'],
    ['/2.0/user/emails', 'app', 'paginated_emails'],
    ['/2.0/user/workspaces', 'alice', 'paginated_workspace_access'],
    ['/2.0/user/workspaces', 'app', 'paginated_workspace_access'],
    ['/2.0/workspaces/acme', 'alice', 'workspace'],
    ['/2.0/workspaces/alice', 'bob', 'workspace'],
    ['/2.0/workspaces/acme/projects?pagelen=100', 'alice', 'paginated_projects'],
    ['/2.0/workspaces/northwind/projects', 'carol', 'paginated_projects'],
    ['/2.0/workspaces/acme/projects/PAY', 'alice', 'project'],
    ['/2.0/repositories/acme/widgets', 'alice', 'repository'],
    ['/2.0/repositories/alice/dotfiles', 'dave', 'repository'],
    ['/2.0/repositories/alice', 'alice', 'paginated_repositories'],
    ['/2.0/repositories/dave', 'dave', 'paginated_repositories'],
    ['/2.0/repositories/northwind?pagelen=100', 'carol', 'paginated_repositories'],
    ['/2.0/repositories/acme?page=2&q=name~"service"', 'bob', 'paginated_repositories'],
  ] as const)('GET %s as %s is a valid %s', async (path, who, schema) => {
    await expectConforms(path, who, 200, schema);
  });

  it('every page of acme’s repositories is a valid paginated_repositories', async () => {
    let path: string | undefined = '/2.0/repositories/acme?pagelen=100';
    let pages = 0;
    while (path) {
      const body = (await expectConforms(path, 'alice', 200, 'paginated_repositories')) as {
        next?: string;
      };
      path = body.next?.replace('http://localhost:8090', '');
      pages += 1;
    }
    expect(pages).toBe(3);
  });
});

describe('error bodies', () => {
  beforeAll(() => {
    emulator.controls.revokeGrants('carol');
  });

  it.each([
    ['/2.0/repositories/acme?pagelen=500', 'alice', 400],
    ['/2.0/repositories/acme?q=name%20%3D', 'alice', 400],
    ['/2.0/repositories/acme?q=colour%3D%22red%22', 'alice', 400],
    ['/2.0/user', undefined, 401],
    ['/2.0/user', 'carol', 401],
    ['/2.0/user/emails', 'narrow', 403],
    ['/2.0/workspaces/northwind', 'dave', 404],
    ['/2.0/repositories/acme/nope', 'alice', 404],
    ['/2.0/nothing/here', 'alice', 404],
    ['/2.0/repositories', 'alice', 410],
    ['/2.0/workspaces', undefined, 410],
  ] as const)('GET %s as %s → %i is a valid error', async (path, who, status) => {
    await expectConforms(path, who, status, 'error');
  });

  it('an expired-token answer is a valid error', async () => {
    emulator.controls.expireAccessTokens();
    await expectConforms('/2.0/user', 'expired', 401, 'error');
  });
});

describe('the validator itself', () => {
  it('fails a body whose field has the wrong type', () => {
    expect(schemaErrors('repository', { type: 'repository', size: 'big' })).not.toEqual([]);
    expect(
      schemaErrors('paginated_repositories', {
        values: [{ type: 'repository', is_private: 'yes' }],
      }),
    ).not.toEqual([]);
    expect(schemaErrors('error', { type: 'error', error: {} })).not.toEqual([]);
    expect(schemaErrors('paginated_repositories', { values: [], next: 'not a url' })).not.toEqual(
      [],
    );
  });
});
