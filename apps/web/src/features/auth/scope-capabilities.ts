// What Pail can show with the scopes a sign-in was granted, and which permission unlocks what is missing.
import type { AuthMethod } from '@pail/shared';

export interface Capability {
  id: 'profile' | 'workspaces' | 'repositories' | 'pull-requests';
  label: string;
  /** What the capability covers, in the user's words. */
  covers: string;
  /** Classic scopes (OAuth consumers) any one of which grants it, the one to ask for first. */
  classic: readonly [string, ...string[]];
  /** Granular scopes (API tokens) any one of which grants it; they do not imply each other. */
  granular: readonly [string, ...string[]];
}

/**
 * Pail's read-only needs, per Bitbucket's scope rules (FACTS §3): `repository:write` implies `repository`,
 * `pullrequest:write` implies `pullrequest` and `repository:write`, `project` implies `repository` on its
 * repositories. Granular scopes imply nothing, so only the `read:` scope counts for a token.
 */
export const CAPABILITIES: readonly Capability[] = [
  {
    id: 'profile',
    label: 'Your profile',
    covers: 'your name and avatar',
    classic: ['account'],
    granular: ['read:user:bitbucket'],
  },
  {
    id: 'workspaces',
    label: 'Workspaces',
    covers: 'the workspaces you belong to',
    classic: ['account'],
    granular: ['read:workspace:bitbucket'],
  },
  {
    id: 'repositories',
    label: 'Repositories',
    covers: 'files, history, branches and tags',
    classic: ['repository', 'repository:write', 'project', 'pullrequest:write'],
    granular: ['read:repository:bitbucket'],
  },
  {
    id: 'pull-requests',
    label: 'Pull requests',
    covers: 'pull requests, their diffs and reviewers',
    classic: ['pullrequest', 'pullrequest:write'],
    granular: ['read:pullrequest:bitbucket'],
  },
];

export interface CapabilityStatus extends Capability {
  /** `undefined` when Bitbucket did not report the scopes (it may not, for Basic credentials). */
  available: boolean | undefined;
}

/**
 * Checks each capability against the granted scopes in the vocabulary of the sign-in method
 * (classic for OAuth, granular for API tokens). No scopes at all means "not reported", never "none":
 * a sign-in with no scope could not have read the user's profile to begin with.
 */
export function describeCapabilities(
  scopes: readonly string[],
  authMethod: AuthMethod,
): CapabilityStatus[] {
  const granted = new Set(scopes);
  return CAPABILITIES.map((capability) => {
    const needed = authMethod === 'token' ? capability.granular : capability.classic;
    return {
      ...capability,
      available: granted.size === 0 ? undefined : needed.some((scope) => granted.has(scope)),
    };
  });
}
