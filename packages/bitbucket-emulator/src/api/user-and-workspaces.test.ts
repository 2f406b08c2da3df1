import type {
  Email,
  Paginated,
  Project,
  User,
  Workspace,
  WorkspaceAccess,
} from '@pail/shared/bitbucket';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { SEED_USERS } from '../seed/users';
import { apiGet, signIn, tokenRequest } from '../testing/oauth-client';

const emulator = createEmulator();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const nickname of ['alice', 'bob', 'carol', 'dave']) {
    tokens[nickname] = (await signIn(emulator, nickname)).access_token;
  }
});

async function get<T>(path: string, nickname = 'alice'): Promise<T> {
  const response = await apiGet(emulator, path, tokens[nickname]);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

describe('GET /2.0/user', () => {
  it('returns the signed-in account', async () => {
    const user = await get<User>('/2.0/user', 'bob');
    const seed = SEED_USERS.find((u) => u.nickname === 'bob');
    expect(user).toMatchObject({
      type: 'user',
      nickname: 'bob',
      display_name: 'Bob Okafor',
      uuid: seed?.uuid,
      account_id: seed?.accountId,
      account_status: 'active',
    });
    expect(user.links?.avatar?.href).toBe('http://localhost:8090/avatars/users/bob.svg');
    expect(user.created_on).toMatch(/\.\d{6}\+00:00$/);
  });
});

describe('GET /2.0/user/emails', () => {
  it('lists the user’s addresses in the paginated envelope', async () => {
    const emails = await get<Paginated<Email>>('/2.0/user/emails', 'alice');
    expect(emails.values.map((e) => [e.email, e.is_primary, e.is_confirmed])).toEqual([
      ['alice.marchetti@acme.example', true, true],
      ['alice@marchetti.example', false, true],
    ]);
    expect(emails.values.every((e) => e.type === 'email')).toBe(true);
  });

  it('is empty for an app user', async () => {
    const response = await tokenRequest(emulator, { grant_type: 'client_credentials' });
    const { access_token: token } = (await response.json()) as { access_token: string };
    const emails = (await (
      await apiGet(emulator, '/2.0/user/emails', token)
    ).json()) as Paginated<Email>;
    expect(emails.values).toEqual([]);
  });
});

describe('GET /2.0/user/workspaces', () => {
  it('lists the workspaces each user belongs to, with their admin flag', async () => {
    const list = async (nickname: string) =>
      (await get<Paginated<WorkspaceAccess>>('/2.0/user/workspaces', nickname)).values.map((a) => [
        a.workspace?.slug,
        a.administrator,
      ]);
    expect(await list('alice')).toEqual([
      ['acme', true],
      ['northwind', false],
      ['alice', true],
    ]);
    expect(await list('bob')).toEqual([
      ['acme', false],
      ['bob', true],
    ]);
    expect(await list('carol')).toEqual([
      ['northwind', true],
      ['carol', true],
    ]);
    expect(await list('dave')).toEqual([['dave', true]]);
  });

  it('gives each workspace its slug, uuid, name and links', async () => {
    const [first] = (await get<Paginated<WorkspaceAccess>>('/2.0/user/workspaces')).values;
    expect(first).toMatchObject({
      type: 'workspace_access',
      workspace: { type: 'workspace_base', slug: 'acme', name: 'Acme Corporation' },
    });
    expect(first?.workspace?.uuid).toMatch(/^\{[0-9a-f-]{36}\}$/);
    expect(first?.workspace?.links?.avatar?.href).toBe(
      'http://localhost:8090/avatars/workspaces/acme.svg',
    );
  });

  it('filters by administrator and sorts by slug', async () => {
    const admin = await get<Paginated<WorkspaceAccess>>('/2.0/user/workspaces?administrator=false');
    expect(admin.values.map((a) => a.workspace?.slug)).toEqual(['northwind']);
    const sorted = await get<Paginated<WorkspaceAccess>>(
      '/2.0/user/workspaces?sort=workspace.slug',
    );
    expect(sorted.values.map((a) => a.workspace?.slug)).toEqual(['acme', 'alice', 'northwind']);
  });
});

describe('GET /2.0/workspaces/{workspace}', () => {
  it('returns the workspace to a member', async () => {
    const workspace = await get<Workspace>('/2.0/workspaces/acme');
    expect(workspace).toMatchObject({
      type: 'workspace',
      slug: 'acme',
      name: 'Acme Corporation',
      is_private: false,
    });
    expect(workspace.links?.avatar?.href).toMatch(
      /^http:\/\/localhost:8090\/avatars\/workspaces\/acme\.svg$/,
    );
  });

  it('resolves a {uuid}', async () => {
    const workspace = await get<Workspace>('/2.0/workspaces/acme');
    const byUuid = await get<Workspace>(
      `/2.0/workspaces/${encodeURIComponent(workspace.uuid ?? '')}`,
    );
    expect(byUuid.slug).toBe('acme');
  });

  it('hides a private workspace from non-members behind a 404', async () => {
    const response = await apiGet(emulator, '/2.0/workspaces/northwind', tokens.dave);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { message: "No workspace with identifier 'northwind'." },
    });
    expect((await apiGet(emulator, '/2.0/workspaces/northwind', tokens.carol)).status).toBe(200);
  });
});

describe('GET /2.0/workspaces/{workspace}/projects', () => {
  it('lists projects with key, name and owner; admins-only projects only for admins', async () => {
    const alice = await get<Paginated<Project>>(
      '/2.0/workspaces/acme/projects?pagelen=20',
      'alice',
    );
    expect(alice.values.map((p) => p.key)).toEqual([
      'PLAT',
      'WEB',
      'MOB',
      'DATA',
      'INFRA',
      'PAY',
      'DS',
      'SEC',
      'TOOLS',
    ]);
    const bob = await get<Paginated<Project>>('/2.0/workspaces/acme/projects?pagelen=20', 'bob');
    expect(bob.values.map((p) => p.key)).not.toContain('SEC');
    expect(alice.values[0]).toMatchObject({
      type: 'project',
      name: 'Platform',
      owner: { type: 'team' },
    });
  });

  it('shows a non-member only the public projects of a public workspace', async () => {
    const dave = await get<Paginated<Project>>('/2.0/workspaces/acme/projects?pagelen=20', 'dave');
    expect(dave.values.length).toBeGreaterThan(0);
    expect(dave.values.every((p) => p.is_private === false)).toBe(true);
  });

  it('supports q and sort', async () => {
    const found = await get<Paginated<Project>>(
      `/2.0/workspaces/acme/projects?q=${encodeURIComponent('name ~ "design"')}&sort=-key`,
    );
    expect(found.values.map((p) => p.key)).toEqual(['DS']);
  });

  it('returns one project', async () => {
    const project = await get<Project>('/2.0/workspaces/acme/projects/PAY');
    expect(project.name).toBe('Payments');
    expect((await apiGet(emulator, '/2.0/workspaces/acme/projects/SEC', tokens.bob)).status).toBe(
      404,
    );
  });
});

describe('removed and unknown endpoints', () => {
  it.each([
    '/2.0/repositories',
    '/2.0/workspaces',
    '/2.0/user/permissions/workspaces',
    '/2.0/user/permissions/repositories',
  ])('%s answers 410 CHANGE-2770', async (path) => {
    const response = await apiGet(emulator, path, tokens.alice);
    expect(response.status).toBe(410);
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        message: 'CHANGE-2770 - Functionality has been deprecated',
        detail: 'Please read the changelog entry for more details.',
      },
    });
  });

  it('answers an unknown path with 404 "Resource not found", authenticated or not', async () => {
    for (const token of [tokens.alice, undefined]) {
      const response = await apiGet(emulator, '/2.0/no/such/thing', token);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        type: 'error',
        error: {
          message: 'Resource not found',
          detail:
            "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
        },
      });
    }
  });
});
