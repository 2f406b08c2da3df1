import { describe, expect, it } from 'vitest';
import { describeCapabilities } from './scope-capabilities';

const availability = (scopes: string[], method: 'oauth' | 'token') =>
  Object.fromEntries(
    describeCapabilities(scopes, method).map(({ id, available }) => [id, available]),
  );

describe('what Pail can do with the granted scopes', () => {
  it('follows the classic implications of OAuth scopes', () => {
    expect(availability(['account', 'repository'], 'oauth')).toEqual({
      profile: true,
      workspaces: true,
      repositories: true,
      'pull-requests': false,
    });
    // pullrequest:write ⇒ pullrequest + repository:write ⇒ repository.
    expect(availability(['account', 'pullrequest:write'], 'oauth')).toMatchObject({
      repositories: true,
      'pull-requests': true,
    });
    expect(availability(['account', 'pullrequest'], 'oauth')).toMatchObject({
      repositories: false,
      'pull-requests': true,
    });
  });

  it('lets granular API-token scopes imply nothing', () => {
    expect(
      availability(['read:user:bitbucket', 'write:repository:bitbucket', 'repository'], 'token'),
    ).toEqual({
      profile: true,
      workspaces: false,
      repositories: false,
      'pull-requests': false,
    });
  });

  it('says "not reported", not "missing", when Bitbucket reported no scopes', () => {
    expect(availability([], 'token')).toEqual({
      profile: undefined,
      workspaces: undefined,
      repositories: undefined,
      'pull-requests': undefined,
    });
  });
});
