import { describe, expect, it } from 'vitest';
import type { SessionList } from '@pail/shared';
import { createHarness, type Harness } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import type { CookieJar } from '../testing/cookie-jar';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every XHR endpoint under /bff, with the method it serves; `{id}` is one of the user's sessions. */
const XHR_ROUTES: Array<[string, (typeof METHODS)[number]]> = [
  ['/bff/session', 'GET'],
  ['/bff/session', 'HEAD'],
  ['/bff/logout', 'POST'],
  ['/bff/sessions', 'GET'],
  ['/bff/sessions', 'DELETE'],
  ['/bff/sessions/{id}', 'DELETE'],
  ['/bff/usage', 'GET'],
  ['/bff/login/token', 'POST'],
  ['/api/2.0/user', 'GET'],
  ['/api/2.0/user', 'HEAD'],
];

/** Signed in twice (two browsers of one user), so ending "another session" has a target. */
async function setup() {
  const h = createHarness();
  const { jar } = await signIn(h);
  await signIn(h);
  const list = (await (
    await h.request('/bff/sessions', { jar, csrf: true })
  ).json()) as SessionList;
  const otherId = list.sessions.find((session) => !session.current)?.id ?? '';
  const calls = h.upstreamCalls.length;
  const store = JSON.stringify(h.store.entries());
  /** Nothing reached Bitbucket and nothing in the store changed since `setup`. */
  const expectUntouched = () => {
    expect(h.upstreamCalls.length).toBe(calls);
    expect(JSON.stringify(h.store.entries())).toBe(store);
  };
  return { h, jar, otherId, expectUntouched };
}

function send(
  h: Harness,
  jar: CookieJar,
  path: string,
  method: string,
  headers: Record<string, string>,
): Promise<Response> {
  const body =
    method === 'POST' && path === '/bff/login/token'
      ? '{"username":"a@b.example","token":"t"}'
      : undefined;
  return h.request(path, {
    method,
    jar,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

describe('X-CSRF is required on every XHR endpoint, for every method', () => {
  it.each(XHR_ROUTES)(
    '%s refuses %s without the header: 403, nothing upstream, nothing changed',
    async (route, method) => {
      const { h, jar, otherId, expectUntouched } = await setup();
      const response = await send(h, jar, route.replace('{id}', otherId), method, {});
      expect(response.status).toBe(403);
      expect(response.headers.get('Location')).toBeNull();
      if (method !== 'HEAD') {
        expect(await response.json()).toMatchObject({ error: { code: 'csrf_required' } });
      }
      expectUntouched();
    },
  );

  it('refuses every other method on those endpoints too, and changes nothing', async () => {
    const { h, jar, otherId, expectUntouched } = await setup();
    for (const route of new Set(XHR_ROUTES.map(([r]) => r))) {
      for (const method of METHODS) {
        if (XHR_ROUTES.some(([r, m]) => r === route && m === method)) continue;
        const response = await send(h, jar, route.replace('{id}', otherId), method, {});
        expect([403, 405]).toContain(response.status);
      }
    }
    expectUntouched();
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['a foreign Origin', { Origin: 'https://evil.test' }],
    ['a same-site but other Origin', { Origin: 'http://localhost:5174' }],
    ['Origin: null', { Origin: 'null' }],
  ])('refuses %s even with X-CSRF: 1, on every endpoint', async (_, headers) => {
    const { h, jar, otherId, expectUntouched } = await setup();
    for (const [route, method] of XHR_ROUTES) {
      const response = await send(h, jar, route.replace('{id}', otherId), method, {
        'X-CSRF': '1',
        ...headers,
      });
      expect(response.status).toBe(403);
    }
    expectUntouched();
    expect(h.logger.events().filter((event) => event === 'csrf.rejected')).toHaveLength(
      XHR_ROUTES.length,
    );
  });

  it('lets the same requests through from the app itself', async () => {
    const { h, jar, otherId } = await setup();
    const sameOrigin = {
      'X-CSRF': '1',
      'Sec-Fetch-Site': 'same-origin',
      Origin: 'http://localhost:5173',
    };
    const statuses: Record<string, number> = {};
    for (const [route, method] of XHR_ROUTES) {
      // The destructive ones last, so each still has a session to act on.
      if (route === '/bff/logout' || route === '/bff/sessions' || route === '/bff/login/token')
        continue;
      const path = route.replace('{id}', otherId);
      statuses[`${method} ${route}`] = (await send(h, jar, path, method, sameOrigin)).status;
    }
    statuses['GET /bff/sessions'] = (await send(h, jar, '/bff/sessions', 'GET', sameOrigin)).status;
    statuses['DELETE /bff/sessions'] = (
      await send(h, jar, '/bff/sessions', 'DELETE', sameOrigin)
    ).status;
    statuses['POST /bff/logout'] = (await send(h, jar, '/bff/logout', 'POST', sameOrigin)).status;
    expect(statuses).toEqual({
      'GET /bff/session': 200,
      'HEAD /bff/session': 200,
      'DELETE /bff/sessions/{id}': 204,
      'GET /bff/usage': 200,
      'GET /api/2.0/user': 200,
      'HEAD /api/2.0/user': 200,
      'GET /bff/sessions': 200,
      'DELETE /bff/sessions': 204,
      'POST /bff/logout': 204,
    });
  });
});

describe('no CORS for foreign origins', () => {
  it.each(['/bff/session', '/bff/logout', '/bff/login/token', '/bff/sessions', '/api/2.0/user'])(
    'answers neither a preflight nor a credentialed request to %s from another origin with CORS headers',
    async (path) => {
      const { h, jar, expectUntouched } = await setup();
      const preflight = await h.request(path, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://evil.test',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-csrf, content-type',
        },
      });
      const actual = await h.request(path, {
        jar,
        csrf: true,
        headers: { Origin: 'https://evil.test' },
      });
      for (const response of [preflight, actual]) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        const cors = [...response.headers.keys()].filter((name) =>
          name.startsWith('access-control-'),
        );
        expect(cors).toEqual([]);
      }
      expectUntouched();
    },
  );
});
