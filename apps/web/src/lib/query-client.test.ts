import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from './query-client';

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
