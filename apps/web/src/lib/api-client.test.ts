import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { bffError, bitbucketError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests } from '@/testing/record-requests';
import {
  api,
  ApiError,
  getNextPage,
  isGranularScope,
  isMissingScopeError,
  isRateLimitedError,
  parseRetryAfter,
  setUnauthenticatedHandler,
  toProxiedApiPath,
} from './api-client';

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail');
}

describe('api client', () => {
  it('returns a file exactly as served when asked for bytes, and still types its failures', async () => {
    const file = '{\n    "name": "widgets"\n}\n';
    server.use(
      http.get(
        '/api/2.0/repositories/acme/widgets/src/abc/package.json',
        () => new HttpResponse(file, { headers: { 'Content-Type': 'application/json' } }),
      ),
      http.get('/api/2.0/repositories/acme/widgets/src/abc/secret.txt', () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['repository'],
          granted: ['account'],
        }),
      ),
    );

    const bytes = await api.get<Uint8Array>(
      '/api/2.0/repositories/acme/widgets/src/abc/package.json',
      {
        responseType: 'bytes',
      },
    );
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toBe(file);

    const error = await failureOf(
      api.get('/api/2.0/repositories/acme/widgets/src/abc/secret.txt', { responseType: 'bytes' }),
    );
    expect(error.code).toBe('missing_scope');
    expect(error.requiredScopes).toEqual(['repository']);
  });

  it('sends same-origin requests with X-CSRF: 1 and returns the parsed JSON', async () => {
    const requests = recordRequests();
    server.use(http.get('/api/2.0/things', () => HttpResponse.json({ values: [1, 2] })));

    await expect(
      api.get('/api/2.0/things', { query: { q: 'name ~ "a b"', page: 2, sort: undefined } }),
    ).resolves.toEqual({ values: [1, 2] });

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.headers.get('X-CSRF')).toBe('1');
    expect(request!.headers.get('Accept')).toBe('application/json');
    expect(request!.credentials).toBe('same-origin');
    expect(request!.url.origin).toBe(window.location.origin);
    expect(request!.url.searchParams.get('q')).toBe('name ~ "a b"');
    expect(request!.url.searchParams.get('page')).toBe('2');
    expect(request!.url.searchParams.has('sort')).toBe(false);
    // Spaces travel as %20, never "+", so Bitbucket reads the q filter literally.
    expect(request!.url.search).toContain('name%20~%20%22a%20b%22');
  });

  it('POSTs with X-CSRF and resolves to undefined on 204', async () => {
    const requests = recordRequests();
    server.use(http.post('/bff/logout', () => new HttpResponse(null, { status: 204 })));

    await expect(api.post('/bff/logout')).resolves.toBeUndefined();
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.headers.get('X-CSRF')).toBe('1');
  });

  it('sends a JSON body as application/json, and nothing in the URL', async () => {
    let received: { contentType: string | null; body: unknown; url: string } | undefined;
    server.use(
      http.post('/bff/login/token', async ({ request }) => {
        received = {
          contentType: request.headers.get('Content-Type'),
          body: await request.json(),
          url: request.url,
        };
        return HttpResponse.json({ ok: true });
      }),
    );

    await api.post('/bff/login/token', { json: { username: 'a@b.example', token: 's3cret' } });
    expect(received?.contentType).toBe('application/json');
    expect(received?.body).toEqual({ username: 'a@b.example', token: 's3cret' });
    expect(received?.url).toBe(`${window.location.origin}/bff/login/token`);
  });

  it('sends DELETE with X-CSRF and no body', async () => {
    const requests = recordRequests();
    server.use(http.delete('/bff/sessions/abc', () => new HttpResponse(null, { status: 204 })));

    await expect(api.delete('/bff/sessions/abc')).resolves.toBeUndefined();
    expect(requests[0]!.method).toBe('DELETE');
    expect(requests[0]!.headers.get('X-CSRF')).toBe('1');
    expect(requests[0]!.headers.has('Content-Type')).toBe(false);
  });

  it('refuses to send anything off-origin', async () => {
    await expect(api.get('https://evil.test/x')).rejects.toThrow(TypeError);
    await expect(api.get('//evil.test/x')).rejects.toThrow(TypeError);
    await expect(api.get('/\\evil.test/x')).rejects.toThrow(TypeError);
  });

  it("maps the BFF's own error body to its code and message", async () => {
    server.use(
      http.get('/api/2.0/x', () =>
        bffError(502, 'upstream_unavailable', 'Bitbucket is unavailable.'),
      ),
    );
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({
      status: 502,
      code: 'upstream_unavailable',
      source: 'bff',
      message: 'Bitbucket is unavailable.',
    });
  });

  it("maps Bitbucket's missing-scope 403 to the required and granted scopes", async () => {
    server.use(
      http.get('/api/2.0/x', () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['pullrequest'],
          granted: ['account', 'repository'],
        }),
      ),
    );
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({
      status: 403,
      code: 'missing_scope',
      source: 'bitbucket',
      requiredScopes: ['pullrequest'],
      grantedScopes: ['account', 'repository'],
    });
    expect(isMissingScopeError(error)).toBe(true);
    expect(isRateLimitedError(error)).toBe(false);
  });

  it('does not call a 403 without scope detail a missing scope', async () => {
    server.use(http.get('/api/2.0/x', () => bitbucketError(403, 'Forbidden', 'Not yours.')));
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(isMissingScopeError(error)).toBe(false);
    expect(isMissingScopeError(new Error('x'))).toBe(false);
  });

  it("keeps a Bitbucket error's message and string detail", async () => {
    server.use(
      http.get('/api/2.0/x', () =>
        bitbucketError(
          410,
          'CHANGE-2770 - Functionality has been deprecated',
          'Please read the changelog entry for more details.',
        ),
      ),
    );
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({
      status: 410,
      code: 'gone',
      message: 'CHANGE-2770 - Functionality has been deprecated',
      detail: 'Please read the changelog entry for more details.',
    });
  });

  it('maps a 429 with Retry-After to rate_limited and the seconds to wait', async () => {
    server.use(
      http.get('/api/2.0/x', () =>
        bitbucketError(429, 'Rate limit for this resource has been exceeded.', undefined, {
          'Retry-After': '42',
        }),
      ),
    );
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 42 });
    expect(isRateLimitedError(error)).toBe(true);
  });

  it("maps the BFF's own 429 with its Retry-After", async () => {
    server.use(
      http.post('/bff/login/token', () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Too many sign-in attempts.' } },
          { status: 429, headers: { 'Retry-After': '90' } },
        ),
      ),
    );
    const error = await failureOf(api.post('/bff/login/token', { json: {} }));
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      source: 'bff',
      retryAfterSeconds: 90,
    });
    expect(isRateLimitedError(error)).toBe(true);
  });

  it('tells granular API-token scopes from classic OAuth ones', () => {
    expect(isGranularScope('read:pullrequest:bitbucket')).toBe(true);
    expect(isGranularScope('admin:repository:bitbucket')).toBe(true);
    expect(isGranularScope('pullrequest')).toBe(false);
    expect(isGranularScope('repository:write')).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('maps a non-JSON failure by its status', async () => {
    server.use(http.get('/api/2.0/x', () => new HttpResponse('Bad gateway', { status: 503 })));
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({ status: 503, code: 'http_error', source: 'http' });
  });

  it('maps a network failure to status 0', async () => {
    server.use(http.get('/api/2.0/x', () => HttpResponse.error()));
    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('reports a 401 to the unauthenticated handler (the sign-in redirect)', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    server.use(http.get('/api/2.0/x', () => bffError(401, 'unauthenticated', 'Sign in.')));

    const error = await failureOf(api.get('/api/2.0/x'));
    expect(error.status).toBe(401);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('leaves a 401 alone where it is an answer (the session check)', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));

    await failureOf(api.get('/bff/session', { redirectOnUnauthenticated: false }));
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });
});

describe('following Bitbucket pagination links', () => {
  it('keeps only the path and query of a `next` URL, under /api', () => {
    expect(
      toProxiedApiPath('https://api.bitbucket.org/2.0/repositories/acme?page=2&pagelen=25'),
    ).toBe('/api/2.0/repositories/acme?page=2&pagelen=25');
    expect(toProxiedApiPath('http://localhost:9090/2.0/user/workspaces?page=3')).toBe(
      '/api/2.0/user/workspaces?page=3',
    );
  });

  it('refuses links that are not Bitbucket API 2.0 URLs', () => {
    expect(() => toProxiedApiPath('/2.0/relative')).toThrow(TypeError);
    expect(() => toProxiedApiPath('https://evil.test/steal')).toThrow(TypeError);
  });

  it('fetches the next page through the BFF', async () => {
    const requests = recordRequests();
    server.use(
      http.get('/api/2.0/user/workspaces', () => HttpResponse.json({ values: ['second page'] })),
    );

    await expect(
      getNextPage('https://api.bitbucket.org/2.0/user/workspaces?page=2&pagelen=50'),
    ).resolves.toEqual({ values: ['second page'] });
    expect(requests[0]!.url.origin).toBe(window.location.origin);
    expect(requests[0]!.url.pathname).toBe('/api/2.0/user/workspaces');
    expect(requests[0]!.url.search).toBe('?page=2&pagelen=50');
  });
});
