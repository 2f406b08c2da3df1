import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { UsageInfoSchema, type UsageInfo } from '@pail/shared';
import { createHarness, START_TIME } from '../testing/bff-harness';
import { signIn } from '../testing/browser';

describe('GET /bff/usage', () => {
  it("counts this user's calls to Bitbucket through Pail over the rolling hour", async () => {
    const h = createHarness();
    const { jar } = await signIn(h, { account: 'alice' });
    const { jar: bob } = await signIn(h, { account: 'bob' });
    for (let i = 0; i < 3; i += 1) {
      expect((await h.request('/api/2.0/user/workspaces', { jar, csrf: true })).status).toBe(200);
    }
    expect((await h.request('/api/2.0/user', { jar: bob, csrf: true })).status).toBe(200);

    const response = await h.request('/bff/usage', { jar, csrf: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const usage = (await response.json()) as UsageInfo;
    expect(v.is(UsageInfoSchema, usage)).toBe(true);
    expect(usage).toEqual({
      used: 3,
      limit: 1000,
      windowSeconds: 3600,
      nearLimit: false,
      resetsAt: new Date(START_TIME + 3600_000).toISOString(),
    });
    // Refused requests never reached Bitbucket and are not counted.
    await h.request('/api/2.0/repositories', { jar, csrf: true });
    expect(
      ((await (await h.request('/bff/usage', { jar, csrf: true })).json()) as UsageInfo).used,
    ).toBe(3);

    h.clock.advance(3600_000);
    expect(await (await h.request('/bff/usage', { jar, csrf: true })).json()).toMatchObject({
      used: 0,
      resetsAt: null,
    });
  });

  it('answers 401 when signed out, 403 without X-CSRF, 405 to writes', async () => {
    const h = createHarness();
    expect((await h.request('/bff/usage', { csrf: true })).status).toBe(401);
    const { jar } = await signIn(h);
    expect((await h.request('/bff/usage', { jar })).status).toBe(403);
    const post = await h.request('/bff/usage', { method: 'POST', jar, csrf: true });
    expect(post.status).toBe(405);
  });
});
