// GET /bff/sessions: the signed-in user's active sessions across browsers, newest first.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionList, SessionSummary } from '@pail/shared';
import { bffPaths } from '@/config/paths';
import { api } from '@/lib/api-client';

export async function listSessions({ signal }: { signal?: AbortSignal } = {}): Promise<
  SessionSummary[]
> {
  const body = await api.get<SessionList>(bffPaths.sessions(), { signal });
  return body.sessions;
}

export const sessionsQueryKey = ['sessions'] as const;

export function listSessionsQueryOptions() {
  return queryOptions({
    queryKey: sessionsQueryKey,
    queryFn: ({ signal }) => listSessions({ signal }),
  });
}

export function useSessions() {
  return useQuery(listSessionsQueryOptions());
}
