// GET /bff/session: who is signed in, or null when nobody is (the BFF answers 401).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionInfo } from '@pail/shared';
import { bffPaths } from '@/config/paths';
import { api, isApiError } from '@/lib/api-client';

export async function getSession({
  signal,
}: { signal?: AbortSignal } = {}): Promise<SessionInfo | null> {
  try {
    return await api.get<SessionInfo>(bffPaths.session(), {
      signal,
      redirectOnUnauthenticated: false,
    });
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const sessionQueryKey = ['session'] as const;

/**
 * The session is read once per page load; it changes only by a 401 from the API (which sets it to null)
 * or by signing out, both of which update this cache directly.
 */
export function getSessionQueryOptions() {
  return queryOptions({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => getSession({ signal }),
    staleTime: Infinity,
  });
}

export function useSession() {
  return useQuery(getSessionQueryOptions());
}
