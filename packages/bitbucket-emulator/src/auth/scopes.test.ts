import { describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { PUBLIC_CONSUMER } from '../seed/consumers';
import { apiGet, signIn } from '../testing/oauth-client';
import { effectiveScopes } from './scopes';

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
