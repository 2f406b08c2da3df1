import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import type { ApiErrorInit } from './api-client';
import { createQueryClient, retryDelay, shouldRetry } from './query-client';

afterEach(() => {
  vi.restoreAllMocks();
});

function objectUrl(): string {
  return URL.createObjectURL(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]));
}

describe('object URLs held in the query cache', () => {
  it('are revoked when the cache lets their query go, on sign-out for instance', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const queryClient = createQueryClient({ retry: false });
    const held = objectUrl();
    await queryClient.fetchQuery({
      queryKey: ['image', 'logo.png'],
      queryFn: () => ({ kind: 'image', objectUrl: held }),
    });
    await queryClient.fetchQuery({
      queryKey: ['repository'],
      queryFn: () => ({ name: 'widgets' }),
    });
    expect(revoke).not.toHaveBeenCalled();

    queryClient.clear();
    expect(revoke.mock.calls).toEqual([[held]]);
  });

  it('are revoked once their query is evicted after its cache time, and when its data is replaced', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const queryClient = createQueryClient({ retry: false });
    const first = objectUrl();
    const second = objectUrl();
    const urls = [first, second];
    const options = {
      queryKey: ['image', 'logo.png'],
      queryFn: () => ({ kind: 'image', objectUrl: urls.shift() ?? '' }),
      gcTime: 0,
    };
    await queryClient.fetchQuery(options);
    await queryClient.fetchQuery({ ...options, staleTime: 0 });
    expect(revoke.mock.calls).toEqual([[first]]);

    await vi.waitFor(() => expect(queryClient.getQueryCache().getAll()).toEqual([]));
    expect(revoke.mock.calls).toEqual([[first], [second]]);
  });

  it('leave other data alone: only a blob: URL is revoked', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const queryClient = createQueryClient({ retry: false });
    await queryClient.fetchQuery({
      queryKey: ['not-an-image'],
      queryFn: () => ({ objectUrl: '/acme/widgets/raw/abc/logo.png' }),
    });
    queryClient.clear();
    expect(revoke).not.toHaveBeenCalled();
  });
});

function failure(init: Partial<ApiErrorInit> & { status: number }): ApiError {
  return new ApiError({ code: 'http_error', message: 'failed', source: 'bff', ...init });
}

/** How many times a query asks again after its first failure, when every attempt fails with `error`. */
function retriesAfter(error: unknown): number {
  let failures = 0;
  while (shouldRetry(failures, error)) failures += 1;
  return failures;
}

describe('asking again after a failure', () => {
  it('never repeats what would answer the same: signed out, missing scope, not found, rate limited, diff too large', () => {
    for (const status of [400, 401, 403, 404, 410, 429, 555]) {
      expect(retriesAfter(failure({ status })), `HTTP ${status}`).toBe(0);
    }
  });

  it('asks Bitbucket once more after a 502, 503 or 504: the BFF has already retried', () => {
    expect(retriesAfter(failure({ status: 502, code: 'upstream_unavailable' }))).toBe(1);
    expect(retriesAfter(failure({ status: 503, code: 'store_unavailable' }))).toBe(1);
    expect(retriesAfter(failure({ status: 504, code: 'upstream_timeout' }))).toBe(1);
  });

  it('does not ask again by itself when the answer asks for a long wait', () => {
    const error = failure({ status: 502, code: 'upstream_unavailable', retryAfterSeconds: 120 });
    expect(retriesAfter(error)).toBe(0);
  });

  it("tries twice more when Pail's server could not be reached at all", () => {
    expect(retriesAfter(failure({ status: 0, code: 'network_error', source: 'network' }))).toBe(2);
  });

  it('waits what Retry-After says, else backs off', () => {
    const store = failure({ status: 503, code: 'store_unavailable', retryAfterSeconds: 5 });
    expect(retryDelay(1, store)).toBe(5_000);
    expect(retryDelay(1, failure({ status: 502 }))).toBe(2_000);
    expect(retryDelay(2, failure({ status: 0 }))).toBe(4_000);
  });
});
