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

const W = '/2.0/repositories/acme/widgets';
const WIDGETS_HEAD = '2f9f330b90a15696494a6ae905ad65925d1393fe';

describe('repository content bodies', () => {
  it.each([
    [`${W}/src/main/`, 'alice', 'paginated_treeentries'],
    [`${W}/src/${WIDGETS_HEAD}/src/?max_depth=4&pagelen=100`, 'alice', 'paginated_treeentries'],
    [`${W}/src/main/docs`, 'alice', 'commit_directory'],
    [`${W}/src/main/README.md?format=meta`, 'alice', 'commit_file'],
    [`${W}/src/main/bin/widgets-linux-amd64?format=meta`, 'bob', 'commit_file'],
    [`${W}/commits`, 'alice', 'paginated_changeset'],
    [`${W}/commits/main?path=README.md`, 'bob', 'paginated_changeset'],
    [`${W}/commit/${WIDGETS_HEAD}`, 'alice', 'commit'],
    [`${W}/diffstat/${WIDGETS_HEAD}`, 'alice', 'paginated_diffstats'],
    [`${W}/diffstat/develop..main`, 'alice', 'paginated_diffstats'],
    [`${W}/refs`, 'alice', 'paginated_refs'],
    [`${W}/refs/branches?pagelen=100`, 'alice', 'paginated_branches'],
    [`${W}/refs/branches/feature%2Fdark-mode`, 'alice', 'branch'],
    [`${W}/refs/tags?sort=name`, 'alice', 'paginated_tags'],
    [`${W}/refs/tags/v1.10.0`, 'alice', 'tag'],
    [`${W}/pullrequests`, 'alice', 'paginated_pullrequests'],
    [
      `${W}/pullrequests?state=MERGED&state=DECLINED&state=SUPERSEDED&pagelen=50`,
      'bob',
      'paginated_pullrequests',
    ],
    [`${W}/pullrequests/1`, 'alice', 'pullrequest'],
    [`${W}/pullrequests/1/commits`, 'alice', 'paginated_changeset'],
    ['/2.0/repositories/acme/api-gateway/src/master/', 'alice', 'paginated_treeentries'],
    [
      '/2.0/repositories/acme/ml-platform/pullrequests?state=OPEN&state=MERGED',
      'alice',
      'paginated_pullrequests',
    ],
    ['/2.0/repositories/alice/dotfiles/commits', 'dave', 'paginated_changeset'],
  ] as const)('GET %s as %s is a valid %s', async (path, who, schema) => {
    await expectConforms(path, who, 200, schema);
  });

  it('every page of the showcase’s history is a valid paginated_changeset', async () => {
    let path: string | undefined = `${W}/commits/main?pagelen=100`;
    let pages = 0;
    while (path) {
      const body = (await expectConforms(path, 'alice', 200, 'paginated_changeset')) as {
        next?: string;
      };
      path = body.next?.replace('http://localhost:8090', '');
      pages += 1;
    }
    expect(pages).toBe(3);
  });

  it('every pull request, in every state, is a valid pullrequest', async () => {
    const list = (await expectConforms(
      `${W}/pullrequests?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED&pagelen=50`,
      'alice',
      200,
      'paginated_pullrequests',
    )) as { values: { id: number }[] };
    expect(list.values.length).toBeGreaterThan(20);
    for (const { id } of list.values) {
      await expectConforms(`${W}/pullrequests/${id}`, 'alice', 200, 'pullrequest');
    }
  });

  it.each([
    [`${W}/src/nope/`, 404],
    [`${W}/src/main/nope.txt`, 404],
    [`${W}/src/feature%2Fdark-mode/`, 404],
    [`${W}/commits/nope`, 404],
    [`${W}/commit/0000000000`, 404],
    [`${W}/diff/main..nope`, 404],
    [`${W}/diff/main?context=x`, 400],
    [`${W}/refs/branches/nope`, 404],
    [`${W}/refs/tags?q=colour%3D%22red%22`, 400],
    [`${W}/pullrequests/9999`, 404],
    [`${W}/pullrequests?state=WRONG`, 400],
  ] as const)('GET %s → %i is a valid error', async (path, status) => {
    await expectConforms(path, 'alice', status, 'error');
  });

  it('a too-large diff’s 555 is a valid error', async () => {
    const body = (await (
      await apiGet(emulator, `${W}/commits/main?path=data/large-fixture.txt`, tokens.alice)
    ).json()) as { values: { hash: string }[] };
    await expectConforms(`${W}/diff/${body.values[0]?.hash}`, 'alice', 555, 'error');
  });

  it('private content answers the repository 404 to outsiders', async () => {
    const list = (await (
      await apiGet(emulator, '/2.0/repositories/northwind?pagelen=1', tokens.carol)
    ).json()) as { values: { slug: string }[] };
    const slug = list.values[0]?.slug;
    await expectConforms(`/2.0/repositories/northwind/${slug}/src`, 'dave', 404, 'error');
    await expectConforms(`/2.0/repositories/northwind/${slug}/pullrequests`, 'dave', 404, 'error');
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
